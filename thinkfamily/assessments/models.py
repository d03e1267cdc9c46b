"""An adult's attendance or assessment in an adult service, and the safeguarding questions
asked at it (R1.6, R5.5, R7.4); routine enquiry about domestic abuse in pregnancy (R5.3).

``Attendance``: an attendance at an emergency department, or an appointment or assessment in
adult mental health, substance misuse, adult ADHD, maternity or general practice. It always
asks the Think Family question ("Are there children in the household or in regular contact,
or a pregnancy?"), whoever the adult is: a man is asked as a woman is. It may be saved with
questions unanswered, and then stays incomplete (``completed_at`` empty) and is listed for its
service; it cannot be completed until they are answered (a database constraint for the Think
Family question). An ED attendance also asks the ED safeguarding triage questions; a 16- or
17-year-old (or younger) seen in an adults-only ED is a child (``as_child``), asked the
child's questions and reviewed by paediatric liaison the next working day.

``RoutineEnquiry``: each time a pregnant woman is asked about domestic abuse, at the stages of
``da.routine_enquiry`` (booking, around 28 and 34 weeks, after the birth)."""

from django.conf import settings
from django.db import models
from django.db.models import Q

from thinkfamily.core.models import TimeStamped
from thinkfamily.organisations.models import Service

ED = Service.Kind.EMERGENCY_DEPARTMENT


class Answer(models.TextChoices):
    YES = "yes", "Yes"
    NO = "no", "No"
    NOT_KNOWN = "not_known", "Not known"


class AttendanceQuerySet(models.QuerySet):
    def incomplete(self):
        return self.filter(completed_at__isnull=True)

    def awaiting_liaison_review(self):
        return self.filter(as_child=True, liaison_reviewed_at__isnull=True)

    def all_answered(self):
        """Every question this attendance asks is answered (ED triage completeness, R5.5)."""
        return self.filter(answered_q())

    def missing_answers(self):
        return self.exclude(answered_q())


class Attendance(TimeStamped):
    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="attendances")
    service = models.ForeignKey("organisations.Service", on_delete=models.PROTECT, related_name="attendances")
    practitioner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    attended_at = models.DateTimeField()
    # An ED attendance opens the record to the ED for a while (to read): its episode of care.
    episode = models.OneToOneField(
        "organisations.EpisodeOfCare", null=True, blank=True, on_delete=models.PROTECT, related_name="attendance"
    )
    reason = models.CharField(max_length=200)
    risky_behaviour = models.TextField(blank=True)
    # A child (under 18) seen in an adults-only emergency department (R7.4).
    as_child = models.BooleanField(default=False)

    # Think Family (R1.6): blank until answered.
    children_answer = models.CharField(max_length=10, choices=[(Answer.YES, "Yes"), (Answer.NO, "No")], blank=True)
    children = models.ManyToManyField("people.Person", blank=True, related_name="+")

    # ED safeguarding triage (R5.5), for an adult.
    parental_responsibility = models.CharField(max_length=10, choices=Answer.choices, blank=True)
    has_capacity = models.CharField(max_length=10, choices=Answer.choices, blank=True)
    social_circumstances = models.TextField(blank=True)
    alcohol_or_drugs = models.CharField(max_length=10, choices=Answer.choices, blank=True)

    # The child's questions (R7.4), for a child in an adults-only ED (alcohol and drugs above).
    accompanied_by = models.CharField(max_length=200, blank=True)
    companion_has_parental_responsibility = models.CharField(max_length=10, choices=Answer.choices, blank=True)
    known_to_social_care = models.CharField(max_length=10, choices=Answer.choices, blank=True)
    explanation_consistent = models.CharField(max_length=10, choices=Answer.choices, blank=True)
    missing_or_exploited = models.CharField(max_length=10, choices=Answer.choices, blank=True)
    self_harm = models.CharField(max_length=10, choices=Answer.choices, blank=True)

    completed_at = models.DateTimeField(null=True, blank=True)
    completed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    # Next-day paediatric liaison review of a child seen in an adults-only ED (R7.4).
    liaison_review_due_at = models.DateTimeField(null=True, blank=True)
    liaison_reviewed_at = models.DateTimeField(null=True, blank=True)
    liaison_reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    liaison_review_note = models.TextField(blank=True)

    objects = AttendanceQuerySet.as_manager()

    class Meta:
        ordering = ["-attended_at", "-id"]
        indexes = [
            models.Index(fields=["service", "attended_at"], name="attendance_service_when"),
            models.Index(
                fields=["service", "attended_at"], name="attendance_incomplete",
                condition=Q(completed_at__isnull=True),
            ),
            models.Index(
                fields=["liaison_review_due_at"], name="attendance_awaiting_liaison",
                condition=Q(as_child=True, liaison_reviewed_at__isnull=True),
            ),
        ]
        constraints = [
            # An attendance cannot be completed with the Think Family question unanswered.
            models.CheckConstraint(
                condition=Q(completed_at__isnull=True) | ~Q(children_answer=""),
                name="attendance_complete_needs_children_answer",
            ),
            # Only a child seen in an adults-only ED waits for a paediatric liaison review.
            models.CheckConstraint(
                condition=Q(as_child=True) | Q(liaison_review_due_at__isnull=True, liaison_reviewed_at__isnull=True),
                name="attendance_liaison_review_only_for_a_child",
            ),
        ]

    @property
    def is_complete(self) -> bool:
        return self.completed_at is not None

    @property
    def in_emergency_department(self) -> bool:
        return self.service.kind == ED

    def questions(self) -> list[tuple[str, str]]:
        """The questions this attendance asks, as (field, question)."""
        return questions_for(self.in_emergency_department, self.as_child)

    def missing(self) -> list[str]:
        """The questions not yet answered (their wording)."""
        return [label for name, label in self.questions() if not getattr(self, name)]


THINK_FAMILY = [("children_answer", "Are there children in the household or in regular contact, or a pregnancy?")]
ED_ADULT = [
    ("parental_responsibility", "Do they have parental responsibility for a child?"),
    ("has_capacity", "Do they have capacity to make decisions about their care?"),
    ("social_circumstances", "Social circumstances"),
    ("alcohol_or_drugs", "Alcohol or drugs involved?"),
]
ED_CHILD = [
    ("accompanied_by", "Who is with them?"),
    ("companion_has_parental_responsibility", "Does the person with them hold parental responsibility?"),
    ("known_to_social_care", "Known to children's social care?"),
    ("explanation_consistent", "Is the explanation consistent with the injury and any delay in coming?"),
    ("missing_or_exploited", "Missing from home, or at risk of exploitation?"),
    ("alcohol_or_drugs", "Alcohol or drugs involved?"),
    ("self_harm", "Self-harm?"),
]


def questions_for(in_emergency_department: bool, as_child: bool) -> list[tuple[str, str]]:
    if not in_emergency_department:
        return THINK_FAMILY
    return THINK_FAMILY + (ED_CHILD if as_child else ED_ADULT)


def _all(fields) -> Q:
    condition = Q()
    for name, _label in fields:
        condition &= ~Q(**{name: ""})
    return condition


def answered_q() -> Q:
    """Every question asked is answered: for an ED, the triage (adult) or the child's questions."""
    return (
        (~Q(service__kind=ED) & _all(THINK_FAMILY))
        | (Q(service__kind=ED, as_child=False) & _all(THINK_FAMILY + ED_ADULT))
        | (Q(service__kind=ED, as_child=True) & _all(THINK_FAMILY + ED_CHILD))
    )


class RoutineEnquiry(TimeStamped):
    """One routine enquiry about domestic abuse of a pregnant woman (R5.3, NICE PH50)."""

    class Outcome(models.TextChoices):
        NO_DISCLOSURE = "no_disclosure", "Asked: no disclosure"
        DISCLOSURE = "disclosure", "Asked: disclosure of domestic abuse"
        NOT_ASKED = "not_asked", "Not asked: she was not alone"

    woman = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="routine_enquiries")
    # The pregnancy: the unborn baby's record (kept after the birth, when it is the baby's).
    pregnancy = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="pregnancy_enquiries")
    stage = models.CharField(max_length=20)  # assessments.schedule: booking, weeks_28, weeks_34, after_birth
    asked_on = models.DateField()
    seen_alone = models.BooleanField()
    outcome = models.CharField(max_length=20, choices=Outcome.choices)
    not_asked_reason = models.CharField(max_length=300, blank=True)
    practitioner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    service = models.ForeignKey("organisations.Service", on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-asked_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(outcome="not_asked") | ~Q(not_asked_reason=""),
                name="routine_enquiry_not_asked_says_why",
            ),
            # Asked means asked alone: a woman who was not alone is not asked.
            models.CheckConstraint(
                condition=Q(outcome="not_asked") | Q(seen_alone=True),
                name="routine_enquiry_asked_only_alone",
            ),
        ]

    @property
    def was_asked(self) -> bool:
        return self.outcome != self.Outcome.NOT_ASKED
