"""Organisation → Service → Team → Practitioner, and who is working with whom; the contacts
directory of named professionals and teams."""

import datetime
import re

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q
from django.utils import timezone

from thinkfamily.core import clock, text
from thinkfamily.core.models import DatedQuerySet, TimeStamped, Versioned


class Organisation(models.Model):
    class Kind(models.TextChoices):
        CCG = "ccg", "Clinical commissioning group"
        NHS_TRUST = "nhs_trust", "NHS trust"
        GP_PRACTICE = "gp_practice", "GP practice"
        LOCAL_AUTHORITY = "local_authority", "Local authority"
        VOLUNTARY = "voluntary", "Voluntary sector provider"
        SCHOOL = "school", "School"

    code = models.CharField(max_length=20, unique=True, help_text="ODS-style code")
    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    commissioned_by = models.ManyToManyField("self", symmetrical=False, blank=True, related_name="commissions")
    phone = models.CharField(max_length=40, blank=True)
    out_of_hours_phone = models.CharField(max_length=40, blank=True)
    address = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["name"]
        indexes = [models.Index(fields=["kind", "name"])]

    def __str__(self):
        return self.name

    def clean(self):
        """No hidden characters in the name (core.text), for an import that calls full_clean()."""
        text.check_identity(name=self.name)


class Service(models.Model):
    class Kind(models.TextChoices):
        EMERGENCY_DEPARTMENT = "ed", "Emergency department"
        MATERNITY = "maternity", "Maternity"
        HEALTH_VISITING = "health_visiting", "0-19 health visiting"
        SCHOOL_NURSING = "school_nursing", "0-19 school nursing"
        CAMHS = "camhs", "Child and adolescent mental health"
        SEXUAL_HEALTH = "sexual_health", "Sexual health"
        ADULT_MENTAL_HEALTH = "adult_mh", "Adult mental health"
        ADULT_ADHD = "adult_adhd", "Adult ADHD assessment"
        ADULT_SUBSTANCE_MISUSE = "adult_substance_misuse", "Adult substance misuse"
        YOUNG_PEOPLE_SUBSTANCE_MISUSE = "yp_substance_misuse", "Young people's substance misuse"
        CHILDREN_IN_CARE = "children_in_care", "Children in care health"
        LAC_MEDICAL = "lac_medical", "Looked-after children's medical team"
        PAEDIATRICS = "paediatrics", "Paediatrics"
        GENERAL_PRACTICE = "general_practice", "General practice"
        SAFEGUARDING = "safeguarding", "Safeguarding team"
        MASH = "mash", "Multi-Agency Safeguarding Hub"
        CHILDRENS_SOCIAL_CARE = "childrens_social_care", "Children's social care"

    # R2.4: services whose involvement with a person is itself confidential. Everything they
    # record is restricted to them (case notes, the chronology), and their staff are named as
    # recipients or readers only to those who may know they are involved
    # (access.scoping.involvement_visible).
    RESTRICTED_KINDS = frozenset({Kind.SEXUAL_HEALTH})
    # Unscheduled care: the services that use the point-of-care lookup (the CP-IS job).
    UNSCHEDULED_CARE_KINDS = frozenset({Kind.EMERGENCY_DEPARTMENT, Kind.MATERNITY, Kind.GENERAL_PRACTICE,
                                        Kind.PAEDIATRICS})
    # The children-in-care health services: their staff work with the population of children in care.
    CHILDREN_IN_CARE_KINDS = frozenset({Kind.CHILDREN_IN_CARE, Kind.LAC_MEDICAL})
    # Adult services (R1.6): an attendance or assessment there asks whether there are children in
    # the household or in regular contact, or a pregnancy, whoever the adult is.
    ADULT_KINDS = frozenset({
        Kind.EMERGENCY_DEPARTMENT, Kind.ADULT_MENTAL_HEALTH, Kind.ADULT_SUBSTANCE_MISUSE, Kind.ADULT_ADHD,
        Kind.MATERNITY, Kind.GENERAL_PRACTICE,
    })
    # Services that take a person on for a period (an episode of care: CAMHS accepts a referral,
    # a ward admits a child, a substance-misuse service takes on an adult). Health visiting,
    # school nursing and social care keep caseloads; general practice has registrations; an
    # emergency department's attendances are read-only lookups (access.permissions).
    EPISODE_KINDS = frozenset({
        Kind.CAMHS, Kind.PAEDIATRICS, Kind.MATERNITY, Kind.SEXUAL_HEALTH, Kind.ADULT_MENTAL_HEALTH,
        Kind.ADULT_ADHD, Kind.ADULT_SUBSTANCE_MISUSE, Kind.YOUNG_PEOPLE_SUBSTANCE_MISUSE, Kind.LAC_MEDICAL,
    })

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="services")
    kind = models.CharField(max_length=40, choices=Kind.choices)
    name = models.CharField(max_length=200)
    site = models.CharField(max_length=200, blank=True)
    phone = models.CharField(max_length=40, blank=True)
    # A service for adults only (an adult emergency department): a 16- or 17-year-old seen
    # there is still a child, asked the child questions and reviewed by paediatric liaison (R7.4).
    adults_only = models.BooleanField(default=False)

    class Meta:
        ordering = ["organisation__name", "name"]

    def __str__(self):
        return f"{self.name} ({self.organisation.name})"

    @property
    def is_restricted(self) -> bool:
        return self.kind in self.RESTRICTED_KINDS

    def clean(self):
        """No hidden characters in the name (core.text), for an import that calls full_clean()."""
        text.check_identity(name=self.name)


# Words that say an entry is about a restricted service's work (R2.4): such an entry is
# restricted to the service that recorded it, whoever that is (a children-in-care nurse's health
# plan action "attend the young people's clinic for contraception").
_RESTRICTED_SUBJECTS = re.compile(
    r"\b(sexual[ -]health|sexually transmitted|contracepti\w*|genito-?urinary|GUM clinic|chlamydia|"
    r"gonorrh\w*|syphilis|STIs?|C-Card|emergency hormonal)\b",
    re.IGNORECASE,
)


def mentions_restricted_service(words: str) -> bool:
    return bool(_RESTRICTED_SUBJECTS.search(words or ""))


class Team(models.Model):
    service = models.ForeignKey(Service, on_delete=models.PROTECT, related_name="teams")
    name = models.CharField(max_length=200)
    phone = models.CharField(max_length=40, blank=True)
    email = models.EmailField(blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def clean(self):
        """No hidden characters in the name (core.text), for an import that calls full_clean()."""
        text.check_identity(name=self.name)


class Practitioner(AbstractUser):
    """A user of ThinkFamily: a professional in a team, with a role."""

    class Role(models.TextChoices):
        HEALTH_VISITOR = "health_visitor", "Health visitor"
        SCHOOL_NURSE = "school_nurse", "School nurse"
        MIDWIFE = "midwife", "Midwife"
        ED_NURSE = "ed_nurse", "Emergency department nurse"
        ED_DOCTOR = "ed_doctor", "Emergency department doctor"
        PAEDIATRIC_LIAISON = "paediatric_liaison", "Paediatric liaison nurse"
        GP = "gp", "GP"
        PRACTICE_SAFEGUARDING_LEAD = "practice_safeguarding_lead", "GP practice safeguarding lead"
        CAMHS_PRACTITIONER = "camhs_practitioner", "CAMHS practitioner"
        SEXUAL_HEALTH_NURSE = "sexual_health_nurse", "Sexual health nurse"
        ADULT_MH_PRACTITIONER = "adult_mh_practitioner", "Adult mental health practitioner"
        SUBSTANCE_MISUSE_WORKER = "substance_misuse_worker", "Substance misuse worker"
        CIC_NURSE = "cic_nurse", "Children in care nurse"
        LAC_PAEDIATRICIAN = "lac_paediatrician", "Looked-after children's paediatrician"
        MASH_SOCIAL_WORKER = "mash_social_worker", "MASH social worker"
        MASH_HEALTH_PRACTITIONER = "mash_health_practitioner", "MASH health practitioner"
        SOCIAL_WORKER = "social_worker", "Social worker"
        SAFEGUARDING_LEAD = "safeguarding_lead", "Safeguarding lead (named nurse)"
        DESIGNATED_NURSE = "designated_nurse", "Designated nurse"
        WARD_MANAGER = "ward_manager", "Ward manager"
        TEAM_MANAGER = "team_manager", "Team manager"
        MARAC_COORDINATOR = "marac_coordinator", "MARAC coordinator"
        COMMISSIONER = "commissioner", "Commissioner"
        LOCAL_ADMINISTRATOR = "local_administrator", "Local administrator"

    # Role groups, said once (access.permissions asks them; nothing else lists roles).
    # Multi-Agency Safeguarding Hub workers: they triage referrals and send information requests.
    Role.MASH = frozenset({Role.MASH_SOCIAL_WORKER, Role.MASH_HEALTH_PRACTITIONER})
    # Children's social care: the MASH, social workers and, in a council, their team managers.
    # They record and correct legal statuses for their council (access.permissions).
    Role.CHILDRENS_SOCIAL_CARE = Role.MASH | {Role.SOCIAL_WORKER, Role.TEAM_MANAGER}
    # Named professionals (a trust's named nurse, a GP practice's lead) and designated professionals.
    Role.SAFEGUARDING_LEADS = frozenset({Role.SAFEGUARDING_LEAD, Role.PRACTICE_SAFEGUARDING_LEAD})
    Role.DESIGNATED = frozenset({Role.DESIGNATED_NURSE})
    # Roles that never open a person's record: they run the area or read its figures.
    Role.NO_PERSON_ACCESS = frozenset({Role.COMMISSIONER, Role.LOCAL_ADMINISTRATOR})
    # Roles that hold a caseload of their own (a named practitioner's place), whose day starts
    # from it (the home page); a team manager manages the team's caseload as well
    # (access.permissions, caseloads.services).
    Role.CASELOAD_HOLDERS = frozenset(
        {
            Role.HEALTH_VISITOR, Role.SCHOOL_NURSE, Role.MIDWIFE, Role.CAMHS_PRACTITIONER, Role.SEXUAL_HEALTH_NURSE,
            Role.ADULT_MH_PRACTITIONER, Role.SUBSTANCE_MISUSE_WORKER, Role.CIC_NURSE, Role.PAEDIATRIC_LIAISON,
            Role.SOCIAL_WORKER, Role.TEAM_MANAGER, Role.MARAC_COORDINATOR,
        }
    )
    # Health roles write health entries (assessments, plans, case notes).
    Role.HEALTH = frozenset(
        {
            Role.HEALTH_VISITOR, Role.SCHOOL_NURSE, Role.MIDWIFE, Role.ED_NURSE, Role.ED_DOCTOR,
            Role.PAEDIATRIC_LIAISON, Role.GP, Role.PRACTICE_SAFEGUARDING_LEAD, Role.CAMHS_PRACTITIONER,
            Role.SEXUAL_HEALTH_NURSE, Role.ADULT_MH_PRACTITIONER, Role.SUBSTANCE_MISUSE_WORKER,
            Role.CIC_NURSE, Role.LAC_PAEDIATRICIAN, Role.MASH_HEALTH_PRACTITIONER, Role.SAFEGUARDING_LEAD,
            Role.DESIGNATED_NURSE, Role.WARD_MANAGER,
        }
    )
    # Each role's day (issue 12): the groups the menu and the home pages ask (access.permissions).
    # The children-in-care health team: the health assessment work list.
    Role.CHILDREN_IN_CARE_HEALTH = frozenset({Role.CIC_NURSE, Role.LAC_PAEDIATRICIAN})
    # Who works with the population of children in care as a whole (with the children-in-care services' staff).
    Role.CHILDREN_IN_CARE_POPULATION = Role.CHILDREN_IN_CARE_HEALTH | Role.DESIGNATED | {Role.SAFEGUARDING_LEAD}
    # Who manages the referrals a ward or an organisation raises: ward managers (and matrons) and named nurses.
    Role.REFERRAL_MANAGERS = frozenset({Role.WARD_MANAGER, Role.SAFEGUARDING_LEAD})

    team = models.ForeignKey(Team, null=True, blank=True, on_delete=models.PROTECT, related_name="members")
    role = models.CharField(max_length=40, choices=Role.choices, blank=True)
    job_title = models.CharField(max_length=200, blank=True)
    phone = models.CharField(max_length=40, blank=True)

    class Meta:
        ordering = ["last_name", "first_name"]

    def __str__(self):
        return self.display_name

    def clean(self):
        """No hidden characters in the names people read (core.text): an import or a
        management command that calls full_clean() is refused them as a form is."""
        super().clean()
        text.check_identity(first_name=self.first_name, last_name=self.last_name, job_title=self.job_title)

    @property
    def display_name(self) -> str:
        return self.get_full_name() or self.username

    @property
    def organisation(self):
        return self.team.service.organisation if self.team_id else None

    # Who works in a council's MASH is said here once: a MASH role, in a team of a council's MASH
    # service. access.permissions.is_mash_worker asks it of a user; the MASH is told of
    # referrals and point-of-care lookups through ``mash_workers``.
    @property
    def works_in_a_mash(self) -> bool:
        if not (self.is_active and self.team_id and self.role in self.Role.MASH):
            return False
        service = self.team.service
        return service.kind == Service.Kind.MASH and service.organisation.kind == Organisation.Kind.LOCAL_AUTHORITY

    @classmethod
    def mash_workers(cls, **councils):
        """The active MASH workers of the councils ``councils`` names, as a filter
        (``team__service__organisation=council`` or ``team__service__organisation_id__in=ids``)."""
        return cls.objects.filter(
            is_active=True, role__in=cls.Role.MASH, team__service__kind=Service.Kind.MASH,
            team__service__organisation__kind=Organisation.Kind.LOCAL_AUTHORITY, **councils,
        )


class CaseloadQuerySet(DatedQuerySet):
    """Places on caseloads: ``current(on)`` (the end exclusive: a place transferred today counts
    for the new holder only) and ``open()`` (not ended: what the one-open-place constraints
    guard), from core.models.DatedQuerySet."""


class CaseloadMembership(models.Model):
    """A person on a practitioner's (or a team's) caseload, from when to when."""

    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="caseload_memberships")
    practitioner = models.ForeignKey(
        Practitioner, null=True, blank=True, on_delete=models.PROTECT, related_name="caseload"
    )
    team = models.ForeignKey(Team, on_delete=models.PROTECT, related_name="caseload")
    start_date = models.DateField()
    end_date = models.DateField(null=True, blank=True)
    # Why the person was added (a new birth, a referral accepted, a transfer in) and why the
    # place ended (moved out of area, transferred to the school nurse, no longer needed).
    reason = models.CharField(max_length=300, blank=True)
    end_reason = models.CharField(max_length=300, blank=True)

    objects = CaseloadQuerySet.as_manager()

    class Meta:
        indexes = [models.Index(fields=["person", "end_date"]), models.Index(fields=["practitioner", "end_date"])]
        constraints = [
            models.UniqueConstraint(
                fields=["person", "team", "practitioner"],
                condition=Q(end_date__isnull=True, practitioner__isnull=False),
                name="one_open_caseload_place_per_practitioner",
            ),
            models.UniqueConstraint(
                fields=["person", "team"], condition=Q(end_date__isnull=True, practitioner__isnull=True),
                name="one_open_team_caseload_place",
            ),
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=models.F("start_date")),
                name="caseload_place_ends_after_it_starts",
            ),
        ]

    @property
    def holder_name(self) -> str:
        """Who holds the place, as a practitioner reads it: "Helen Visitor (Bootle health visiting team)"."""
        if self.practitioner_id:
            return f"{self.practitioner.display_name} ({self.team.name})"
        return f"{self.team.name} (team caseload)"


class EpisodeOfCareQuerySet(DatedQuerySet):
    """Episodes dated by time: ``current(now)`` is open at ``now`` (the end exclusive)."""

    start_field = "start_at"
    end_field = "end_at"


class EpisodeOfCare(models.Model):
    """A period during which a service is caring for a person (an ED attendance, a CAMHS referral)."""

    class Kind(models.TextChoices):
        # The service took the person on (CAMHS accepted a referral, a ward admitted a child):
        # its staff read and write the record while it is open.
        CARE = "care", "Episode of care"
        # A point-of-care lookup or an ED attendance: the record is open to the department to
        # read for ACCESS_ED_EPISODE_HOURS, not to write (issue 12).
        LOOKUP = "lookup", "Point-of-care lookup"
        ATTENDANCE = "attendance", "Emergency department attendance"

    READ_ONLY_KINDS = frozenset({Kind.LOOKUP, Kind.ATTENDANCE})

    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.CARE)
    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="episodes_of_care")
    service = models.ForeignKey(Service, on_delete=models.PROTECT, related_name="episodes")
    start_at = models.DateTimeField()
    end_at = models.DateTimeField(null=True, blank=True)
    reason = models.CharField(max_length=200, blank=True)
    end_reason = models.CharField(max_length=200, blank=True)

    objects = EpisodeOfCareQuerySet.as_manager()

    class Meta:
        indexes = [models.Index(fields=["person", "service"])]
        constraints = [
            # A service takes a person on once at a time: a second "accept" (the form sent twice,
            # two colleagues at once) meets the open episode (caseloads.services.open_episode).
            # Lookups and attendances are each their own episode.
            models.UniqueConstraint(
                fields=["person", "service"], condition=Q(end_at__isnull=True, kind="care"),
                name="one_open_care_episode_per_service",
            ),
            models.CheckConstraint(
                condition=Q(end_at__isnull=True) | Q(end_at__gte=models.F("start_at")),
                name="episode_ends_after_it_starts",
            ),
        ]

    @property
    def started_on(self) -> datetime.date:
        return timezone.localdate(self.start_at)

    @property
    def ended_on(self) -> datetime.date | None:
        """The last day of the episode (its end is exclusive: one closed "on 3 March" ends at midnight)."""
        if self.end_at is None:
            return None
        return timezone.localdate(self.end_at - datetime.timedelta(microseconds=1))



def _stale_after_days() -> int:
    return settings.CONTACTS_STALE_AFTER_DAYS


class ContactQuerySet(models.QuerySet):
    def stale(self, now=None):
        """Entries nobody has verified in the last CONTACTS_STALE_AFTER_DAYS (a setting, 183 by default)."""
        return self.filter(ContactEntry.stale_q(now))

    def verified_recently(self, now=None):
        return self.exclude(ContactEntry.stale_q(now))

    def search(self, text: str):
        """Entries whose name, role, team, organisation, phone or e-mail contain every word typed."""
        query = self
        for word in text.split():
            query = query.filter(
                Q(name__icontains=word)
                | Q(role__icontains=word)
                | Q(team__name__icontains=word)
                | Q(organisation__name__icontains=word)
                | Q(email__icontains=word)
                | Q(phone__icontains=word)
            )
        return query


class ContactEntry(TimeStamped, Versioned):
    """One entry in the contacts directory (R2.5): a named professional or a team, how to
    reach them in and out of hours, and when someone last checked that this is still right."""

    class Kind(models.TextChoices):
        PERSON = "person", "Named professional"
        TEAM = "team", "Team"

    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.PERSON)
    name = models.CharField(max_length=200)
    role = models.CharField(max_length=200, help_text="the role or job title, or what the team does")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="contacts")
    team = models.ForeignKey(Team, null=True, blank=True, on_delete=models.SET_NULL, related_name="contacts")
    practitioner = models.ForeignKey(
        "Practitioner", null=True, blank=True, on_delete=models.SET_NULL, related_name="directory_entries"
    )
    phone = models.CharField(max_length=40, blank=True)
    out_of_hours_phone = models.CharField(max_length=40, blank=True)
    email = models.EmailField(blank=True)
    last_verified_at = models.DateTimeField(null=True, blank=True)
    last_verified_by = models.ForeignKey(
        "Practitioner", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    objects = ContactQuerySet.as_manager()

    class Meta:
        ordering = ["name", "id"]
        verbose_name_plural = "contact entries"
        indexes = [
            models.Index(fields=["organisation", "name"], name="contact_org_name"),
            models.Index(fields=["role"], name="contact_role"),
            models.Index(fields=["last_verified_at"], name="contact_last_verified"),
        ]

    def __str__(self):
        return f"{self.name} ({self.organisation.name})"

    @staticmethod
    def stale_q(now=None) -> Q:
        cutoff = (now or clock.now()) - datetime.timedelta(days=_stale_after_days())
        return Q(last_verified_at__isnull=True) | Q(last_verified_at__lt=cutoff)

    def is_stale(self, now=None) -> bool:
        cutoff = (now or clock.now()) - datetime.timedelta(days=_stale_after_days())
        return self.last_verified_at is None or self.last_verified_at < cutoff
