"""One record per person (child, adult, unborn), their family, household, school, GP and
legal status. Rules about one record are methods here; multi-model writes live in
services.py."""

import unicodedata
import uuid

from django.conf import settings
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from thinkfamily.core import clock
from thinkfamily.core.models import DatedQuerySet, TimeStamped, Versioned
from thinkfamily.core.nhs_numbers import NHSNumberModelField, format_nhs_number, stored_form_check
from thinkfamily.core.presenters import age_on


def name_key(value: str) -> str:
    """Lower-case ASCII letters only: 'O'Brien-Smith' -> 'obriensmith'. Used for search."""
    decomposed = unicodedata.normalize("NFKD", value or "")
    return "".join(ch for ch in decomposed.lower() if "a" <= ch <= "z")


class Sex(models.TextChoices):
    FEMALE = "female", "Female"
    MALE = "male", "Male"
    INDETERMINATE = "indeterminate", "Indeterminate"
    NOT_KNOWN = "not_known", "Not known"


class PersonQuerySet(models.QuerySet):
    def children(self):
        return self.filter(kind=Person.Kind.CHILD)

    def with_nhs_number(self, digits: str):
        return self.filter(nhs_number=digits)


class Person(TimeStamped, Versioned):
    class Kind(models.TextChoices):
        CHILD = "child", "Child or young person"
        ADULT = "adult", "Adult"
        UNBORN = "unborn", "Unborn child"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    kind = models.CharField(max_length=10, choices=Kind.choices)
    nhs_number = NHSNumberModelField(null=True, blank=True, unique=True)
    given_name = models.CharField(max_length=100, blank=True)
    middle_names = models.CharField(max_length=100, blank=True)
    family_name = models.CharField(max_length=100)
    date_of_birth = models.DateField(null=True, blank=True)
    expected_delivery_date = models.DateField(null=True, blank=True)
    date_of_death = models.DateField(null=True, blank=True)
    sex = models.CharField(max_length=20, choices=Sex.choices, default=Sex.NOT_KNOWN)
    ethnicity = models.CharField(max_length=100, blank=True)
    language = models.CharField(max_length=60, blank=True, default="English")
    interpreter_needed = models.BooleanField(default=False)
    # Search keys, kept in step with the names by Person.refresh_search_keys().
    family_name_key = models.CharField(max_length=100, editable=False, default="")
    given_name_key = models.CharField(max_length=100, editable=False, default="")

    objects = PersonQuerySet.as_manager()

    class Meta:
        verbose_name = "person"
        indexes = [
            models.Index(fields=["date_of_birth", "family_name_key"], name="person_dob_family"),
            models.Index(fields=["family_name_key", "given_name_key"], name="person_family_given"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind="unborn", date_of_birth__isnull=True, expected_delivery_date__isnull=False)
                | (~Q(kind="unborn") & Q(date_of_birth__isnull=False)),
                name="person_born_has_dob_unborn_has_edd",
            ),
            stored_form_check("nhs_number", name="person_nhs_number_10_ascii_digits"),
        ]

    def __str__(self):
        return self.full_name

    def refresh_search_keys(self):
        self.family_name_key = name_key(self.family_name)
        self.given_name_key = name_key(self.given_name)

    @property
    def full_name(self) -> str:
        if self.kind == self.Kind.UNBORN and not self.given_name:
            return f"Unborn baby {self.family_name}".strip()
        return " ".join(part for part in [self.given_name, self.middle_names, self.family_name] if part)

    @property
    def formatted_nhs_number(self) -> str:
        return format_nhs_number(self.nhs_number)

    @property
    def is_unborn(self) -> bool:
        return self.kind == self.Kind.UNBORN

    def age_in_years(self, on=None) -> int | None:
        if not self.date_of_birth:
            return None
        return age_on(self.date_of_birth, on or clock.today())[0]


class PersonRevision(models.Model):
    """What a correction or a birth changed on a person, by whom and why: nothing is
    silently overwritten."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="revisions")
    version = models.PositiveIntegerField()
    changes = models.JSONField(help_text="{field: [old, new]}")
    reason = models.CharField(max_length=300)
    changed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    changed_at = models.DateTimeField(default=timezone.now)  # wall clock: writers pass clock.now()

    class Meta:
        ordering = ["-changed_at", "-id"]


class Relationship(TimeStamped, Versioned):
    """``relative`` is <type> of ``person``: "Sarah is mother of Liam"."""

    class Type(models.TextChoices):
        MOTHER = "mother", "Mother"
        FATHER = "father", "Father"
        STEP_PARENT = "step_parent", "Step-parent"
        ADOPTIVE_PARENT = "adoptive_parent", "Adoptive parent"
        SIBLING = "sibling", "Sibling"
        HALF_SIBLING = "half_sibling", "Half-sibling"
        GRANDPARENT = "grandparent", "Grandparent"
        CARER = "carer", "Carer (kinship or foster)"
        PARTNER = "partner", "Partner"
        OTHER_ADULT = "other_adult", "Other adult in household or regular contact"

    PARENT_TYPES = {Type.MOTHER, Type.FATHER, Type.STEP_PARENT, Type.ADOPTIVE_PARENT}
    BIRTH_PARENT_TYPES = {Type.MOTHER, Type.FATHER}
    SYMMETRIC_TYPES = {Type.SIBLING, Type.HALF_SIBLING, Type.PARTNER}

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="relatives")
    relative = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="relationships_as_relative")
    type = models.CharField(max_length=20, choices=Type.choices)
    start_date = models.DateField(null=True, blank=True)
    end_date = models.DateField(null=True, blank=True)
    notes = models.CharField(max_length=300, blank=True)

    objects = DatedQuerySet.as_manager()

    class Meta:
        indexes = [models.Index(fields=["person", "type"]), models.Index(fields=["relative", "type"])]
        constraints = [
            models.CheckConstraint(condition=~Q(person=models.F("relative")), name="relationship_not_self"),
            models.UniqueConstraint(
                fields=["person", "relative", "type"], condition=Q(end_date__isnull=True),
                name="one_current_relationship_of_a_type",
            ),
            models.UniqueConstraint(
                fields=["person", "type"], condition=Q(type__in=["mother", "father"]),
                name="one_birth_mother_one_birth_father",
            ),
        ]

    def __str__(self):
        return f"{self.relative} is {self.get_type_display().lower()} of {self.person}"

    @property
    def is_current(self) -> bool:
        return self.end_date is None or self.end_date > clock.today()


class ParentalResponsibility(TimeStamped, Versioned):
    """Parental responsibility is its own dated fact: not every parent or carer holds it,
    and a local authority shares it under a care order."""

    class Basis(models.TextChoices):
        BIRTH_MOTHER = "birth_mother", "Birth mother"
        MARRIED_FATHER = "married_father", "Father married to the mother at the birth"
        REGISTERED_FATHER = "registered_father", "Father named on the birth registration"
        PR_AGREEMENT = "pr_agreement", "Parental responsibility agreement"
        COURT_ORDER = "court_order", "Court order (child arrangements / PR order)"
        SPECIAL_GUARDIANSHIP = "special_guardianship", "Special guardianship order"
        ADOPTION = "adoption", "Adoption order"
        CARE_ORDER = "care_order", "Care order (local authority)"
        STEP_PARENT = "step_parent", "Step-parent agreement or order"

    child = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="parental_responsibility")
    holder = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.CASCADE, related_name="holds_parental_responsibility"
    )
    holder_organisation = models.ForeignKey(
        "organisations.Organisation", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    basis = models.CharField(max_length=30, choices=Basis.choices)
    start_date = models.DateField()
    end_date = models.DateField(null=True, blank=True)

    objects = DatedQuerySet.as_manager()

    class Meta:
        verbose_name_plural = "parental responsibility"
        constraints = [
            models.CheckConstraint(
                condition=Q(holder__isnull=False, holder_organisation__isnull=True)
                | Q(holder__isnull=True, holder_organisation__isnull=False),
                name="pr_one_holder",
            ),
            models.UniqueConstraint(
                fields=["child", "holder"], condition=Q(end_date__isnull=True, holder__isnull=False),
                name="one_current_pr_per_holder",
            ),
            models.UniqueConstraint(
                fields=["child", "holder_organisation"],
                condition=Q(end_date__isnull=True, holder_organisation__isnull=False),
                name="one_current_pr_per_authority",
            ),
        ]
        indexes = [models.Index(fields=["child", "end_date"])]

    @property
    def holder_name(self) -> str:
        return str(self.holder or self.holder_organisation)


class Household(TimeStamped):
    """A dwelling where people live together. A move is leaving one household for another,
    so the address history of a person is the history of their household memberships."""

    address_line_1 = models.CharField(max_length=200)
    address_line_2 = models.CharField(max_length=200, blank=True)
    town = models.CharField(max_length=100)
    postcode = models.CharField(max_length=10)

    def __str__(self):
        return self.address

    @property
    def address(self) -> str:
        return ", ".join(p for p in [self.address_line_1, self.address_line_2, self.town, self.postcode] if p)


class HouseholdMembership(TimeStamped):
    household = models.ForeignKey(Household, on_delete=models.PROTECT, related_name="memberships")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="household_memberships")
    start_date = models.DateField()
    end_date = models.DateField(null=True, blank=True)
    reason = models.CharField(max_length=300, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    objects = DatedQuerySet.as_manager()

    class Meta:
        ordering = ["-start_date", "-id"]
        indexes = [
            models.Index(fields=["person", "end_date"]),
            models.Index(fields=["household", "end_date"]),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["person"], condition=Q(end_date__isnull=True), name="one_open_household_per_person"
            ),
        ]


class SchoolEnrolment(TimeStamped):
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="school_enrolments")
    school = models.ForeignKey("organisations.Organisation", on_delete=models.PROTECT, related_name="+")
    start_date = models.DateField()
    end_date = models.DateField(null=True, blank=True)
    reason_for_move = models.CharField(max_length=300, blank=True)

    objects = DatedQuerySet.as_manager()

    class Meta:
        ordering = ["-start_date", "-id"]
        indexes = [models.Index(fields=["person", "end_date"])]
        constraints = [
            models.UniqueConstraint(
                fields=["person"], condition=Q(end_date__isnull=True), name="one_current_school_per_person"
            ),
        ]


class GPRegistration(TimeStamped):
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="gp_registrations")
    practice = models.ForeignKey("organisations.Organisation", on_delete=models.PROTECT, related_name="+")
    start_date = models.DateField()
    end_date = models.DateField(null=True, blank=True)

    objects = DatedQuerySet.as_manager()

    class Meta:
        ordering = ["-start_date", "-id"]
        indexes = [models.Index(fields=["person", "end_date"]), models.Index(fields=["practice", "end_date"])]
        constraints = [
            models.UniqueConstraint(
                fields=["person"], condition=Q(end_date__isnull=True), name="one_current_gp_practice_per_person"
            ),
        ]


class LegalStatus(models.TextChoices):
    CHILD_IN_NEED = "child_in_need", "Child in need"
    CHILD_PROTECTION_PLAN = "child_protection_plan", "Child protection plan"
    LOOKED_AFTER = "looked_after", "Looked after"
    PLACED_FOR_ADOPTION = "placed_for_adoption", "Placed for adoption"
    CARE_LEAVER = "care_leaver", "Care leaver"
    UASC = "uasc", "Unaccompanied asylum-seeking child"
    EHE = "ehe", "Electively home educated"


class CPCategory(models.TextChoices):
    NEGLECT = "neglect", "Neglect"
    PHYSICAL = "physical", "Physical abuse"
    EMOTIONAL = "emotional", "Emotional abuse"
    SEXUAL = "sexual", "Sexual abuse"


class LegalStatusEntryQuerySet(models.QuerySet):
    def in_force(self):
        """Entries not superseded by a correction."""
        return self.filter(superseded_by__isnull=True)

    def for_person(self, person):
        return self.filter(person=person)

    def running(self, today):
        """In-force start entries still running on ``today``: in effect, with no later in-force
        entry of the same status for the same person that has taken effect since (an end, or a
        newer start such as a change of placement). The order of
        people.family.current_legal_statuses, in SQL: effective date, when recorded, id. One
        ``NOT EXISTS`` over the (person, effective_date) index, so it filters a whole area or
        one correlated person (``filter(person=OuterRef("pk"))``) alike."""
        later = self.model.objects.in_force().filter(
            person=OuterRef("person"), status=OuterRef("status"), effective_date__lte=today
        ).filter(
            Q(effective_date__gt=OuterRef("effective_date"))
            | Q(effective_date=OuterRef("effective_date"), recorded_at__gt=OuterRef("recorded_at"))
            | Q(effective_date=OuterRef("effective_date"), recorded_at=OuterRef("recorded_at"), pk__gt=OuterRef("pk"))
        )
        return (
            self.in_force()
            .filter(change=LegalStatusEntry.Change.START, effective_date__lte=today)
            .filter(~Exists(later))
        )


class LegalStatusEntry(models.Model):
    """Append-only: a legal status starting or ending on a date. The current status is
    derived from these rows (see people.family.current_legal_statuses), never stored twice.
    A correction is a new row that supersedes the wrong one."""

    class Change(models.TextChoices):
        START = "start", "Started"
        END = "end", "Ended"

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="legal_status_entries")
    status = models.CharField(max_length=30, choices=LegalStatus.choices)
    change = models.CharField(max_length=10, choices=Change.choices)
    effective_date = models.DateField()
    cp_category = models.CharField(max_length=20, choices=CPCategory.choices, blank=True)
    placement_type = models.CharField(max_length=100, blank=True)
    responsible_authority = models.ForeignKey(
        "organisations.Organisation", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    placing_authority = models.ForeignKey(
        "organisations.Organisation", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    placed_out_of_area = models.BooleanField(default=False)
    notes = models.CharField(max_length=500, blank=True)
    supersedes = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="superseded_by"
    )
    correction_reason = models.CharField(max_length=300, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)  # wall clock: writers pass clock.now()

    objects = LegalStatusEntryQuerySet.as_manager()

    class Meta:
        ordering = ["effective_date", "recorded_at", "id"]
        verbose_name_plural = "legal status entries"
        indexes = [models.Index(fields=["person", "effective_date"]), models.Index(fields=["status", "change"])]

    def __str__(self):
        return f"{self.label} {self.get_change_display().lower()} {self.effective_date}"

    @property
    def label(self) -> str:
        unborn = self.status == LegalStatus.CHILD_PROTECTION_PLAN and self.person.is_unborn
        return legal_status_label(self.status, unborn=unborn, cp_category=self.cp_category,
                                  placed_out_of_area=self.placed_out_of_area)


def legal_status_label(status: str, *, unborn: bool, cp_category: str = "", placed_out_of_area: bool = False) -> str:
    """How a legal status entry is named on the record and in the chronology: an unborn child's
    child protection plan is the unborn one, a plan says its category, and a looked-after child
    placed out of area says so."""
    label = dict(LegalStatus.choices).get(status, status)
    if status == LegalStatus.CHILD_PROTECTION_PLAN:
        if unborn:
            label = "Unborn child protection plan"
        if cp_category:
            label = f"{label}: {dict(CPCategory.choices).get(cp_category, cp_category).lower()}"
    if status == LegalStatus.LOOKED_AFTER and placed_out_of_area:
        label = f"{label} (placed out of area)"
    return str(label)
