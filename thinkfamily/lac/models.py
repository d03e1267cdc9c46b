"""Looked-after children's health (R6.1-R6.7): the initial and review health assessment
pipeline, quality assurance, health plans, SDQ scores, the UASC part of the assessment,
family health history and the care leaver's health passport.

An assessment's steps are append-only ``AssessmentStep`` rows that move only along declared
transitions (``lac.services.pipeline``). The dates the work lists and the dashboard need (notified,
requested, seen, report typed, accepted, shared) are also kept on the assessment row, written
by the same service call as the step, so that every dashboard figure is one aggregate query
over indexed columns and never a replay of the steps."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils import timezone

from thinkfamily.core.models import TimeStamped, Versioned


class AssessmentQuerySet(models.QuerySet):
    def open(self):
        return self.filter(completed_on__isnull=True, closed_on__isnull=True)


class HealthAssessment(TimeStamped, Versioned):
    """One initial (IHA) or review (RHA) health assessment of a looked-after child."""

    class Kind(models.TextChoices):
        INITIAL = "iha", "Initial health assessment"
        REVIEW = "rha", "Review health assessment"

    child = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="health_assessments")
    kind = models.CharField(max_length=3, choices=Kind.choices)
    legal_status_entry = models.ForeignKey(
        "people.LegalStatusEntry", null=True, blank=True, on_delete=models.PROTECT, related_name="+",
        help_text="the looked-after status that opened an initial assessment",
    )
    entered_care_on = models.DateField(null=True, blank=True)
    due_on = models.DateField()
    due_rule = models.CharField(max_length=200, help_text="the timescale value in force when the due date was set")
    previous = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="next_review",
        help_text="the assessment this review follows",
    )
    # Milestones, written with the step that reaches them (lac.services.pipeline.record_step).
    notified_on = models.DateField(null=True, blank=True, help_text="council's notification received by health")
    requested_on = models.DateField(null=True, blank=True, help_text="requested from the medical team")
    booked_on = models.DateField(null=True, blank=True, help_text="when the current appointment was booked")
    appointment_on = models.DateField(null=True, blank=True, help_text="the current appointment")
    seen_on = models.DateField(null=True, blank=True)
    report_due_on = models.DateField(null=True, blank=True)
    report_typed_on = models.DateField(null=True, blank=True)
    qa_accepted_on = models.DateField(null=True, blank=True)
    shared_on = models.DateField(null=True, blank=True)
    completed_on = models.DateField(null=True, blank=True, help_text="report accepted and shared")
    closed_on = models.DateField(null=True, blank=True, help_text="ended without completion")
    closed_reason = models.CharField(max_length=300, blank=True)
    not_brought_count = models.PositiveSmallIntegerField(default=0)
    rescheduled_count = models.PositiveSmallIntegerField(default=0)
    qa_return_count = models.PositiveSmallIntegerField(default=0)
    assessing_clinician = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    assessing_service = models.ForeignKey(
        "organisations.Service", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    child_age_band = models.CharField(max_length=10, blank=True, help_text="under 5 or 5 and over, on the due date")

    objects = AssessmentQuerySet.as_manager()

    class Meta:
        ordering = ["due_on", "id"]
        indexes = [
            models.Index(fields=["child", "due_on"], name="lac_assessment_child_due"),
            models.Index(
                fields=["due_on"],
                name="lac_assessment_open_due",
                condition=Q(completed_on__isnull=True, closed_on__isnull=True),
            ),
            models.Index(fields=["kind", "entered_care_on"], name="lac_assessment_kind_entered"),
            models.Index(fields=["kind", "due_on"], name="lac_assessment_kind_due"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(kind="iha") | Q(entered_care_on__isnull=False), name="lac_iha_has_entered_care_on"
            ),
            models.UniqueConstraint(
                fields=["child", "kind"], condition=Q(completed_on__isnull=True, closed_on__isnull=True),
                name="lac_one_open_assessment_of_a_kind",
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} for {self.child}"

    @property
    def is_open(self) -> bool:
        return self.completed_on is None and self.closed_on is None

    def days_late(self, today) -> int:
        """Calendar days past the due date (0 if not late); for a completed one, at completion."""
        end = self.completed_on or self.closed_on or today
        return max(0, (end - self.due_on).days)

    @property
    def completed_in_time(self) -> bool | None:
        if self.completed_on is None:
            return None
        return self.completed_on <= self.due_on


class AssessmentStep(models.Model):
    """Append-only: one step of an assessment with when it happened and who recorded it."""

    class Step(models.TextChoices):
        NOTIFICATION_RECEIVED = "notified", "Notification from the council received by health"
        REQUESTED = "requested", "Requested from the looked-after children's medical team"
        APPOINTMENT_BOOKED = "booked", "Appointment booked"
        NOT_BROUGHT = "not_brought", "Was not brought"
        RESCHEDULED = "rescheduled", "Appointment rescheduled"
        SEEN = "seen", "Seen in clinic"
        REPORT_TYPED = "typed", "Typed report completed"
        QA_RETURNED = "qa_returned", "Quality assurance: returned"
        QA_ACCEPTED = "qa_accepted", "Quality assurance: accepted"
        SHARED = "shared", "Report shared with the children-in-care nurse and the GP"

    assessment = models.ForeignKey(HealthAssessment, on_delete=models.PROTECT, related_name="steps")
    step = models.CharField(max_length=12, choices=Step.choices)
    occurred_on = models.DateField()
    appointment_on = models.DateField(null=True, blank=True, help_text="for a booked appointment")
    reason = models.CharField(max_length=500, blank=True)
    # The appointment a "booked" step made, and the one a "not brought", "rescheduled" or
    # "seen" step recorded on: one appointment model for every service (R7.1), so a missed
    # health assessment counts towards the 'was not brought' alert.
    appointment = models.ForeignKey(
        "appointments.Appointment", null=True, blank=True, on_delete=models.PROTECT, related_name="assessment_steps"
    )
    # How long the step took, against its own target (lac.services.pipeline.target_for), kept as
    # measured when recorded so that a later change of a local setting does not rewrite it.
    working_days = models.IntegerField(null=True, blank=True, help_text="from the step it follows")
    target_due_on = models.DateField(null=True, blank=True)
    target_rule = models.CharField(max_length=200, blank=True)
    late_by_working_days = models.PositiveSmallIntegerField(default=0)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)  # wall clock: writers pass clock.now()

    class Meta:
        ordering = ["id"]
        indexes = [models.Index(fields=["assessment", "id"], name="lac_step_assessment")]

    def __str__(self):
        return f"{self.get_step_display()} on {self.occurred_on}"


class UASCAssessment(TimeStamped):
    """The part of an assessment specific to unaccompanied asylum-seeking children (Rec 10.1)."""

    class AgeAssessment(models.TextChoices):
        NOT_DISPUTED = "not_disputed", "Age not disputed"
        PENDING = "pending", "Age assessment pending"
        ASSESSED = "assessed", "Age assessed by the local authority"
        DISPUTED = "disputed", "Age assessment disputed"

    class ImmigrationStatus(models.TextChoices):
        CLAIM_PENDING = "claim_pending", "Asylum claim pending"
        REFUGEE = "refugee", "Refugee status granted"
        HUMANITARIAN = "humanitarian", "Humanitarian protection"
        UASC_LEAVE = "uasc_leave", "Limited leave as a UASC"
        REFUSED = "refused", "Claim refused / appeal rights"
        NOT_KNOWN = "not_known", "Not known"

    assessment = models.OneToOneField(HealthAssessment, on_delete=models.PROTECT, related_name="uasc")
    journey = models.TextField(help_text="the journey to the UK, in the young person's words where possible")
    trauma = models.TextField(help_text="trauma, its effects, and support offered")
    age_assessment = models.CharField(max_length=20, choices=AgeAssessment.choices)
    immigration_status = models.CharField(max_length=20, choices=ImmigrationStatus.choices)
    interpreter_used = models.BooleanField(default=False)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")


class UASCTraining(models.Model):
    """A clinician's training in assessing unaccompanied asylum-seeking children (Rec 10.1)."""

    practitioner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="uasc_training")
    course = models.CharField(max_length=200)
    completed_on = models.DateField()
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)  # wall clock: writers pass clock.now()

    class Meta:
        ordering = ["-completed_on"]
        indexes = [models.Index(fields=["practitioner", "-completed_on"], name="lac_uasc_training_latest")]


class HealthPlan(TimeStamped):
    """The health plan that follows an assessment. Its actions are checked for being
    specific, measurable, owned and time-bound (R6.3)."""

    child = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="health_plans")
    assessment = models.OneToOneField(
        HealthAssessment, null=True, blank=True, on_delete=models.PROTECT, related_name="health_plan"
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["child", "-created_at"], name="lac_plan_child")]


class HealthArea(models.TextChoices):
    DENTAL = "dental", "Dental health"
    IMMUNISATIONS = "immunisations", "Immunisations"
    VISION = "vision", "Vision"
    HEARING = "hearing", "Hearing"
    PHYSICAL = "physical", "Physical health"
    DEVELOPMENT = "development", "Development"
    EMOTIONAL = "emotional", "Emotional and mental health"
    SEXUAL_HEALTH = "sexual_health", "Sexual health"
    SUBSTANCE_USE = "substance_use", "Substance use"
    OTHER = "other", "Other"


# Schedule 1 para 1(4) of the Care Planning, Placement and Case Review (England) Regulations
# 2010: a health plan covers dental health, immunisations, vision and hearing (lac.health_plan).
REQUIRED_HEALTH_AREAS = [HealthArea.DENTAL, HealthArea.IMMUNISATIONS, HealthArea.VISION, HealthArea.HEARING]


class HealthPlanAction(TimeStamped):
    plan = models.ForeignKey(HealthPlan, on_delete=models.CASCADE, related_name="actions")
    area = models.CharField(max_length=20, choices=HealthArea.choices)
    action = models.TextField()
    owner = models.CharField(max_length=200, blank=True, help_text="who will do it: a named person or role")
    due_on = models.DateField(null=True, blank=True)
    done_on = models.DateField(null=True, blank=True)
    # The check's findings when the action was saved, so that weak actions can be counted.
    smart_issues = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["id"]


class SDQScore(models.Model):
    """A Strengths and Difficulties Questionnaire total difficulties score received from
    social care, with the banding scheme in force stored beside it (R6.5)."""

    class Informant(models.TextChoices):
        CARER = "carer", "Carer"
        TEACHER = "teacher", "Teacher"
        SELF = "self", "Young person (self-report)"

    child = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="sdq_scores")
    completed_on = models.DateField()
    informant = models.CharField(max_length=10, choices=Informant.choices, default=Informant.CARER)
    total_difficulties = models.PositiveSmallIntegerField()
    band = models.CharField(max_length=40)
    scheme = models.JSONField(help_text="the banding scheme used, stored with the score")
    scheme_rule = models.CharField(max_length=200)
    received_from = models.ForeignKey(
        "organisations.Organisation", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)  # wall clock: writers pass clock.now()

    class Meta:
        ordering = ["completed_on", "id"]
        indexes = [models.Index(fields=["child", "completed_on"], name="lac_sdq_child")]
        constraints = [
            models.CheckConstraint(
                condition=Q(total_difficulties__gte=0, total_difficulties__lte=40), name="lac_sdq_total_0_40"
            ),
            models.UniqueConstraint(
                fields=["child", "completed_on", "informant"], name="lac_one_sdq_per_day_informant"
            ),
        ]


class FamilyHealthHistory(models.Model):
    """Family and parental health history, captured on entry to care from the council's
    information (R6.6), shown in the IHA and, where it may be shared, in the passport."""

    class Relative(models.TextChoices):
        MOTHER = "mother", "Birth mother"
        FATHER = "father", "Birth father"
        SIBLING = "sibling", "Sibling"
        GRANDPARENT = "grandparent", "Grandparent"
        OTHER = "other", "Other relative"

    child = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="family_health_history")
    relative = models.CharField(max_length=20, choices=Relative.choices)
    condition = models.CharField(max_length=200)
    details = models.TextField(blank=True)
    may_share_with_young_person = models.BooleanField(default=False)
    source = models.CharField(max_length=200, help_text="where the information came from")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)  # wall clock: writers pass clock.now()

    class Meta:
        ordering = ["relative", "id"]
        verbose_name_plural = "family health history entries"
        indexes = [models.Index(fields=["child"], name="lac_family_history_child")]


class Immunisation(models.Model):
    child = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="immunisations")
    vaccine = models.CharField(max_length=120)
    given_on = models.DateField()
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["given_on", "id"]
        indexes = [models.Index(fields=["child", "given_on"], name="lac_immunisation_child")]
        constraints = [
            models.UniqueConstraint(Lower("vaccine"), "child", "given_on", name="lac_one_immunisation_per_vaccine_day"),
        ]


class HealthCondition(models.Model):
    child = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="health_conditions")
    name = models.CharField(max_length=200)
    since = models.DateField(null=True, blank=True)
    ended_on = models.DateField(null=True, blank=True)
    notes = models.CharField(max_length=500, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-since", "id"]
        indexes = [models.Index(fields=["child"], name="lac_condition_child")]


class HealthPassport(TimeStamped):
    """A care leaver's health passport (R6.6): the content is a snapshot taken when it is
    generated, reviewed by the nurse, then released to the young person (audited)."""

    child = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="health_passports")
    content = models.JSONField()
    generated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    review_note = models.CharField(max_length=500, blank=True)
    released_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    released_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["child", "-created_at"], name="lac_passport_child")]
