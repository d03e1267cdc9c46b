"""Referrals to the MASH (R4.1-R4.4) and the MASH's information requests to the services
that know a child (R4.5, R4.6).

A practitioner records a concern (time-stamped) and raises a referral from it. A referral
moves only along declared transitions (``ReferralMachine``), each an append-only
``ReferralStatus`` row. Deadlines are stored on the rows (``decision_due_at``, ``due_at``)
with partial indexes on the open ones, so that sweeps find them with one indexed query."""

from django.conf import settings
from django.db import models
from django.db.models import OuterRef, Q, Subquery
from django.utils import timezone

from thinkfamily.core.models import TimeStamped, Versioned


class ConcernSource(models.TextChoices):
    CASE_NOTE = "case_note", "A case note"
    ASSESSMENT = "assessment", "An assessment"
    REFERRAL_FORM = "referral_form", "The referral form"


class ConcernDecision(models.TextChoices):
    """What was decided about a concern: one of these, once (issue 14)."""

    REFERRAL_MADE = "referral_made", "Referral made to the MASH"
    DISCUSSED_WITH_LEAD = "discussed_with_lead", "Discussed with the safeguarding lead"
    NO_REFERRAL = "no_referral", "No referral"


class ConcernQuerySet(models.QuerySet):
    def undecided(self):
        return self.filter(decision="")

    def decision_overdue(self, now):
        return self.undecided().filter(decision_due_at__lt=now)

    def in_area(self, *, team_id=None, organisation_id=None):
        if team_id is not None:
            return self.filter(team_id=team_id)
        return self.filter(service__organisation_id=organisation_id)


class Concern(models.Model):
    """What a practitioner saw or heard, recorded when they recorded it, and the decision it
    is due: a referral made, discussed with the safeguarding lead, or no referral with a
    reason (issue 14). The decision is due by ``decision_due_at`` (health.referral_delay
    from the moment recorded, kept); it is recorded once, by a conditional update of the
    undecided row."""

    child = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="concerns")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    service = models.ForeignKey("organisations.Service", on_delete=models.PROTECT, related_name="+")
    team = models.ForeignKey("organisations.Team", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)  # wall clock: writers pass clock.now()
    description = models.TextField()
    # Where it was written: the case note or assessment (by model label and key, as the
    # chronology names its sources: those apps sit above referrals).
    source = models.CharField(max_length=20, choices=ConcernSource.choices, default=ConcernSource.REFERRAL_FORM)
    source_type = models.CharField(max_length=60, blank=True)
    source_id = models.CharField(max_length=64, blank=True)
    decision_due_at = models.DateTimeField(null=True, blank=True)
    decision_rule = models.CharField(max_length=200, blank=True, help_text="the timescale value in force")
    decision = models.CharField(max_length=20, choices=ConcernDecision.choices, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+")
    discussed_with = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                       related_name="+", help_text="the safeguarding lead it was discussed with")
    discussed_on = models.DateField(null=True, blank=True)
    no_referral_reason = models.TextField(blank=True)

    objects = ConcernQuerySet.as_manager()

    class Meta:
        ordering = ["-recorded_at"]
        indexes = [
            models.Index(fields=["child", "-recorded_at"]),
            models.Index(fields=["decision_due_at"], condition=Q(decision=""), name="concern_undecided_due"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(decision="", decided_at__isnull=True) | (~Q(decision="") & Q(decided_at__isnull=False)),
                name="concern_decided_with_time",
            ),
            models.CheckConstraint(
                condition=~Q(decision=ConcernDecision.NO_REFERRAL) | ~Q(no_referral_reason=""),
                name="concern_no_referral_has_reason",
            ),
            models.CheckConstraint(
                condition=~Q(decision=ConcernDecision.DISCUSSED_WITH_LEAD)
                | Q(discussed_with__isnull=False, discussed_on__isnull=False),
                name="concern_discussed_says_with_whom",
            ),
        ]


class LevelOfNeed(models.TextChoices):
    LEVEL_1 = "1", "Level 1: universal services"
    LEVEL_2 = "2", "Level 2: early help"
    LEVEL_3 = "3", "Level 3: child in need (targeted, statutory)"
    LEVEL_4 = "4", "Level 4: child protection (significant harm)"


class Outcome(models.TextChoices):
    NO_FURTHER_ACTION = "nfa", "No further action"
    INFORMATION_ADVICE = "advice", "Information and advice given"
    EARLY_HELP = "early_help", "Early help"
    CHILD_IN_NEED_ASSESSMENT = "cin_assessment", "Child in need assessment (section 17)"
    SECTION_47 = "section_47", "Strategy discussion and section 47 enquiry"
    ALREADY_OPEN = "already_open", "Already open to children's social care"
    REFERRED_ELSEWHERE = "elsewhere", "Passed to another local authority"


class ReferralQuerySet(models.QuerySet):
    def sent(self):
        return self.filter(sent_at__isnull=False)

    def awaiting_outcome(self):
        return self.filter(sent_at__isnull=False, outcome="")

    def decision_overdue(self, now):
        return self.awaiting_outcome().filter(decision_due_at__lt=now)

    def raised_in(self, team):
        return self.filter(referrer_team=team)

    def raised_in_organisation(self, organisation):
        return self.filter(referrer_service__organisation=organisation)

    def received_by(self, organisation):
        return self.sent().filter(mash=organisation)

    def with_current_status(self):
        """Each referral's latest status row, as ``current_status`` (one subquery). Rows are
        appended under a lock on the referral, so the highest id is the latest."""
        latest = ReferralStatus.objects.filter(referral=OuterRef("pk")).order_by("-id")
        return self.annotate(current_status=Subquery(latest.values("status")[:1]))

    def on_record_for(self, user):
        """What a child's record lists: the referrals sent, and this viewer's own drafts."""
        return (
            self.filter(Q(sent_at__isnull=False) | Q(referrer=user))
            .with_current_status()
            .exclude(current_status=ReferralStatus.Status.WITHDRAWN)
            .select_related("referrer", "referrer_service__organisation", "referrer_team", "mash")
            .order_by("-created_at", "-id")
        )


class Referral(TimeStamped, Versioned):
    """A referral to children's social care through the MASH (R4.1)."""

    concern = models.OneToOneField(Concern, on_delete=models.PROTECT, related_name="referral")
    child = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="referrals")
    referrer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="referrals_made")
    referrer_service = models.ForeignKey("organisations.Service", on_delete=models.PROTECT, related_name="+")
    referrer_team = models.ForeignKey("organisations.Team", null=True, blank=True, on_delete=models.PROTECT,
                                      related_name="referrals", help_text="the ward or department")
    mash = models.ForeignKey("organisations.Organisation", on_delete=models.PROTECT, related_name="referrals_received",
                             help_text="the local authority whose MASH receives it")
    presenting_concern = models.TextField(blank=True)
    risk_to_child = models.TextField(blank=True, help_text="the analysed risk to the child, not only the adult")
    impact_on_child = models.TextField(blank=True)
    voice_of_child = models.TextField(blank=True)
    linked_children = models.ManyToManyField("people.Person", blank=True, related_name="+")
    parental_responsibility = models.TextField(blank=True)
    domestic_abuse = models.BooleanField(default=False)
    parental_substance_misuse = models.BooleanField(default=False)
    parental_mental_ill_health = models.BooleanField(default=False)
    level_of_need = models.CharField(max_length=2, choices=LevelOfNeed.choices, blank=True)
    # The quality check at the moment of sending, kept: score 0-100 and the weaknesses found.
    quality_score = models.PositiveSmallIntegerField(null=True, blank=True)
    quality_issues = models.JSONField(default=list, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    delay_working_days = models.IntegerField(null=True, blank=True,
                                             help_text="from the concern to sending, in working days")
    delay_rule = models.CharField(max_length=200, blank=True, help_text="the timescale value in force")
    decision_due_at = models.DateTimeField(null=True, blank=True)
    decision_rule = models.CharField(max_length=200, blank=True)
    decision = models.TextField(blank=True)
    outcome = models.CharField(max_length=20, choices=Outcome.choices, blank=True)
    outcome_recorded_at = models.DateTimeField(null=True, blank=True)
    chased_at = models.DateTimeField(null=True, blank=True)
    # Over health.referral_delay when sent, under the value in force then (kept, so that a
    # later change of the local setting does not rewrite history).
    sent_late = models.BooleanField(null=True, blank=True)
    other_children = models.TextField(blank=True, help_text="children linked to the family who have no record here")

    objects = ReferralQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["child", "-created_at"]),
            models.Index(fields=["referrer_team", "-sent_at"]),
            models.Index(fields=["decision_due_at"], condition=Q(outcome="", sent_at__isnull=False),
                         name="referral_open_decision_due"),
        ]


class ReferralStatus(models.Model):
    """Append-only: each change of a referral's status, with who and when."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        SENT = "sent", "Sent to the MASH"
        ACKNOWLEDGED = "acknowledged", "Acknowledged by the MASH"
        DECIDED = "decided", "Decision recorded"
        OUTCOME_RECORDED = "outcome_recorded", "Outcome recorded"
        WITHDRAWN = "withdrawn", "Withdrawn"

    referral = models.ForeignKey(Referral, on_delete=models.PROTECT, related_name="statuses")
    status = models.CharField(max_length=20, choices=Status.choices)
    created_at = models.DateTimeField(default=timezone.now)  # wall clock: writers pass clock.now()
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+")
    note = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["referral", "-created_at"])]


class DischargeOverride(models.Model):
    """A manager's decision to discharge a child from a service although a referral's
    outcome is unknown (R4.3), with the reason."""

    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="+")
    team = models.ForeignKey("organisations.Team", on_delete=models.PROTECT, related_name="+")
    referral = models.ForeignKey(Referral, on_delete=models.PROTECT, related_name="discharge_overrides")
    manager = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    reason = models.TextField()
    created_at = models.DateTimeField(default=timezone.now)  # wall clock: writers pass clock.now()


class Grade(models.TextChoices):
    RED = "red", "Red"
    AMBER = "amber", "Amber"
    GREEN = "green", "Green"
    BLUE = "blue", "Blue (for information)"


class InformationRequestQuerySet(models.QuerySet):
    def open(self):
        return self.filter(answered_at__isnull=True, cancelled_at__isnull=True)

    def overdue(self, now):
        return self.open().filter(due_at__lt=now)

    def for_service(self, service):
        return self.filter(service=service)


class InformationRequest(TimeStamped):
    """The MASH asks a service that knows the child what it knows (R4.5), graded red, amber,
    green or blue, with its deadline from the calendar."""

    child = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="mash_requests")
    referral = models.ForeignKey(Referral, null=True, blank=True, on_delete=models.PROTECT,
                                 related_name="information_requests")
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    service = models.ForeignKey("organisations.Service", on_delete=models.PROTECT, related_name="mash_requests",
                                help_text="the service asked (a GP practice's general practice service included)")
    grade = models.CharField(max_length=10, choices=Grade.choices)
    question = models.TextField()
    requested_at = models.DateTimeField(default=timezone.now)  # wall clock: writers pass clock.now()
    due_at = models.DateTimeField(null=True, blank=True)
    due_rule = models.CharField(max_length=200, blank=True, help_text="the timescale value in force")
    reminded_at = models.DateTimeField(null=True, blank=True)
    escalated_at = models.DateTimeField(null=True, blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    # The council whose MASH asked (the requester's organisation when asked): the dashboard's scope.
    mash = models.ForeignKey("organisations.Organisation", null=True, blank=True, on_delete=models.PROTECT,
                             related_name="+")
    # Think Family: the family member through whom the service knows the child (the mother, for her
    # adult mental health service); empty when the service knows the child directly.
    known_through = models.ForeignKey("people.Person", null=True, blank=True, on_delete=models.PROTECT,
                                      related_name="+")
    response_working_hours = models.FloatField(null=True, blank=True,
                                               help_text="working hours from request to answer, on the calendar")

    objects = InformationRequestQuerySet.as_manager()

    class Meta:
        ordering = ["due_at", "id"]
        indexes = [
            models.Index(fields=["due_at"], condition=Q(answered_at__isnull=True, cancelled_at__isnull=True),
                         name="mash_request_open_due"),
            models.Index(fields=["service", "-requested_at"]),
            models.Index(fields=["child", "-requested_at"]),
            models.Index(fields=["mash", "-requested_at"], name="mash_request_mash_requested"),
        ]


class InformationResponse(models.Model):
    """The service's answer: analysis, not an administrative list of contact dates (R4.6)."""

    request = models.OneToOneField(InformationRequest, on_delete=models.PROTECT, related_name="response")
    responder = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    what_we_know = models.TextField(help_text="what the service knows about the child and family")
    what_it_means_for_the_child = models.TextField(help_text="the service's analysis of risk and need")
    voice_of_the_child = models.TextField(blank=True)
    parental_capacity = models.TextField(blank=True)
    recent_contacts = models.TextField(blank=True, help_text="dates of contact, as context only")
    responded_at = models.DateTimeField(default=timezone.now)  # wall clock: writers pass clock.now()
