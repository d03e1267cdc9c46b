"""The child protection process (R5.1, R4.6; review §3.8-3.10, §3.18, Rec 12.1).

A council records a ``StrategyDiscussion`` (and whether a section 47 enquiry started) about
one or more children, with the health agencies that took part. From it the initial
``Conference`` is due (``cp.icpc``); from the initial conference the first core group
(``cp.core_group``) and, with a plan, the first review (``cp.first_review``); from a review the
next (``cp.later_reviews``). Each conference invites the agencies that know the children and
their family (``Invitation``), each of which may send its ``AgencyReport`` (analysis of risk
and the voice of the child, not a list of contact dates) and is marked as attending or sending
apologies. The conference's ``Decision`` for each child (a plan with its category, no plan, a
plan that continues or ends) is recorded through legal_status.services, so the legal status,
its flag and its notifications follow as for any status. The ``Minutes`` (and the plan) are
received and kept on the record of every child concerned, within ``cp.minutes`` working days
of the conference or chased by the deadline sweep (protection.sweeps).

One current row is a constraint: one initial conference (not cancelled) per strategy
discussion; one next conference of a kind after a conference; one invitation per service,
one report per invitation, one decision per child, one set of minutes per conference."""

from django.conf import settings
from django.db import models
from django.db.models import Q

from thinkfamily.core.models import TimeStamped
from thinkfamily.people.models import CPCategory


class StrategyDiscussion(TimeStamped):
    """A strategy discussion held by the council about one or more children."""

    council = models.ForeignKey("organisations.Organisation", on_delete=models.PROTECT, related_name="+")
    children = models.ManyToManyField("people.Person", related_name="strategy_discussions")
    held_on = models.DateField()
    section_47 = models.BooleanField(default=False, help_text="a section 47 enquiry was started")
    summary = models.TextField()
    # The health agencies (services) that took part in the discussion.
    agencies = models.ManyToManyField("organisations.Service", blank=True, related_name="+")
    # When the initial conference is due (cp.icpc from the discussion) and the rule in force.
    conference_due_at = models.DateTimeField()
    conference_due_rule = models.CharField(max_length=300)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField()

    class Meta:
        ordering = ["-held_on", "-id"]

    def __str__(self):
        return f"Strategy discussion {self.held_on}"


class ConferenceQuerySet(models.QuerySet):
    def minutes_awaited(self):
        return self.filter(status=Conference.Status.HELD, minutes_received_at__isnull=True,
                           minutes_due_at__isnull=False)

    def minutes_overdue(self, now):
        return self.minutes_awaited().filter(minutes_due_at__lt=now)


class Conference(TimeStamped):
    class Kind(models.TextChoices):
        INITIAL = "initial", "Initial child protection conference"
        REVIEW = "review", "Review child protection conference"
        CORE_GROUP = "core_group", "Core group meeting"

    class Status(models.TextChoices):
        ARRANGED = "arranged", "Arranged"
        HELD = "held", "Held"
        CANCELLED = "cancelled", "Cancelled"

    # Conferences (not core groups) have minutes and decide about a plan.
    WITH_MINUTES = frozenset({Kind.INITIAL, Kind.REVIEW})

    kind = models.CharField(max_length=20, choices=Kind.choices)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.ARRANGED)
    strategy_discussion = models.ForeignKey(StrategyDiscussion, on_delete=models.PROTECT, related_name="conferences")
    # The conference this one is due from (none for the initial conference: the discussion).
    follows = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="followed_by")
    council = models.ForeignKey("organisations.Organisation", on_delete=models.PROTECT, related_name="+")
    children = models.ManyToManyField("people.Person", related_name="protection_conferences")
    due_at = models.DateTimeField()
    due_rule = models.CharField(max_length=300)
    scheduled_on = models.DateField()
    held_on = models.DateField(null=True, blank=True)
    arranged_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    arranged_at = models.DateTimeField()
    held_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # The minutes and plan: due cp.minutes working days after the conference, chased once.
    minutes_due_at = models.DateTimeField(null=True, blank=True)
    minutes_due_rule = models.CharField(max_length=300, blank=True)
    minutes_chased_at = models.DateTimeField(null=True, blank=True)
    minutes_received_at = models.DateTimeField(null=True, blank=True)

    objects = ConferenceQuerySet.as_manager()

    class Meta:
        ordering = ["scheduled_on", "id"]
        indexes = [
            # The sweep's and the overdue list's selection: held conferences still waiting for minutes.
            models.Index(fields=["minutes_due_at"], condition=Q(status="held", minutes_received_at__isnull=True),
                         name="conference_minutes_awaited"),
        ]
        constraints = [
            # The same form sent twice, or two social workers at once, meet the one conference.
            models.UniqueConstraint(
                fields=["strategy_discussion"], condition=Q(kind="initial") & ~Q(status="cancelled"),
                name="one_initial_conference_per_strategy_discussion",
            ),
            models.UniqueConstraint(
                fields=["follows", "kind"], condition=Q(follows__isnull=False) & ~Q(status="cancelled"),
                name="one_next_conference_of_a_kind",
            ),
            models.CheckConstraint(condition=~Q(status="held") | Q(held_on__isnull=False),
                                   name="held_conference_has_its_date"),
            models.CheckConstraint(condition=Q(kind="initial") | Q(follows__isnull=False),
                                   name="later_conference_follows_another"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.scheduled_on}"


class Invitation(TimeStamped):
    """An agency invited to a conference, why (what it knows of the children and family), and
    whether it came."""

    class Attendance(models.TextChoices):
        INVITED = "invited", "Invited, no reply recorded"
        ATTENDED = "attended", "Attended"
        APOLOGIES = "apologies", "Sent apologies"
        DID_NOT_ATTEND = "did_not_attend", "Did not attend"

    conference = models.ForeignKey(Conference, on_delete=models.PROTECT, related_name="invitations")
    service = models.ForeignKey("organisations.Service", on_delete=models.PROTECT, related_name="+")
    # The family member the service knows, when it does not know the children themselves.
    known_through = models.ForeignKey("people.Person", null=True, blank=True, on_delete=models.PROTECT,
                                      related_name="+")
    reasons = models.CharField(max_length=500, blank=True)
    invited_at = models.DateTimeField()
    attendance = models.CharField(max_length=20, choices=Attendance.choices, default=Attendance.INVITED)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["conference", "service"], name="one_invitation_per_service"),
        ]

    def __str__(self):
        return f"Invitation of {self.service_id} to {self.conference_id}"


class AgencyReport(models.Model):
    """An invited agency's report to the conference: analysis, not a list of contact dates (R4.6).
    The same questions as the answer to a MASH information request."""

    invitation = models.OneToOneField(Invitation, on_delete=models.PROTECT, related_name="report")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    sent_at = models.DateTimeField()
    what_we_know = models.TextField()
    what_it_means_for_the_child = models.TextField(help_text="the agency's analysis of risk and need")
    voice_of_the_child = models.TextField()
    parental_capacity = models.TextField(blank=True)
    recent_contacts = models.TextField(blank=True, help_text="dates of contact, as context only")

    def __str__(self):
        return f"Report for invitation {self.invitation_id}"


class Decision(models.Model):
    """What a conference decided for one child; a plan starting or ending is recorded as a legal
    status through legal_status.services (``legal_status_entry``)."""

    class Outcome(models.TextChoices):
        PLAN = "plan", "Child protection plan"
        NO_PLAN = "no_plan", "No child protection plan"
        PLAN_CONTINUES = "continues", "The child protection plan continues"
        PLAN_ENDS = "ends", "The child protection plan ends"

    conference = models.ForeignKey(Conference, on_delete=models.PROTECT, related_name="decisions")
    child = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="+")
    outcome = models.CharField(max_length=20, choices=Outcome.choices)
    category = models.CharField(max_length=20, choices=CPCategory.choices, blank=True)
    legal_status_entry = models.ForeignKey("people.LegalStatusEntry", null=True, blank=True,
                                           on_delete=models.PROTECT, related_name="+")
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField()

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["conference", "child"], name="one_decision_per_child_and_conference"),
            models.CheckConstraint(condition=~Q(outcome="plan") | ~Q(category=""), name="a_plan_has_its_category"),
        ]


class Minutes(models.Model):
    """The minutes and the plan of a conference, received and kept on each child's record."""

    conference = models.OneToOneField(Conference, on_delete=models.PROTECT, related_name="minutes")
    received_on = models.DateField()
    minutes = models.TextField()
    plan = models.TextField(blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField()

    class Meta:
        verbose_name_plural = "minutes"
