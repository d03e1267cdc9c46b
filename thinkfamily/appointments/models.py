"""Appointments in every service (R7.1), and the follow-ups that missed ones require (R7.1,
R7.2).

One appointment model for every service: an antenatal appointment, a health visitor's new
birth visit, a CAMHS session, a looked-after child's health assessment (the IHA pipeline's
"booked" and "was not brought" steps are appointments here, not a second model). An
appointment is for the person who attends: a child, an adult, or a pregnant woman (with the
unborn baby it is for in ``for_unborn``).

A status moves only along declared transitions (``AppointmentMachine``), each an append-only
``AppointmentStatus`` row with who and when; the appointment's ``status`` column is the latest
of them, written by the same service under a lock on the row, so that lists and the 'was not
brought' count are one indexed query.

A ``FollowUp`` is a task with a deadline that a missed appointment (or an adult's discharge
for non-engagement) raises: it stays on the named practitioner's home page and the manager's
list until someone records what was done. One open follow-up per person, service and kind is
a database constraint."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from thinkfamily.core.models import TimeStamped


class AppointmentQuerySet(models.QuerySet):
    def missed(self):
        return self.filter(status__in=Appointment.MISSED)

    def for_person(self, person):
        return self.filter(person=person)

    def planned_overdue(self, today):
        """Planned contacts (identified, never booked or never held) past their due date."""
        return self.filter(status__in=Appointment.WAITING, due_by__lt=today)

    def upcoming(self, now):
        return self.filter(status=Appointment.Status.BOOKED, starts_at__gte=now)


class Appointment(TimeStamped):
    class Kind(models.TextChoices):
        ANTENATAL = "antenatal", "Antenatal appointment"
        NEW_BIRTH_VISIT = "new_birth_visit", "New birth visit"
        HOME_VISIT = "home_visit", "Home visit"
        DEVELOPMENT_REVIEW = "development_review", "Health visiting review"
        CLINIC = "clinic", "Clinic appointment"
        HEALTH_ASSESSMENT = "health_assessment", "Looked-after child's health assessment"
        FIRST_ASSESSMENT = "first_assessment", "First assessment after referral"
        TREATMENT = "treatment", "Treatment session"
        REVIEW = "review", "Review"

    class Status(models.TextChoices):
        PLANNED = "planned", "Planned, not yet booked"
        BOOKED = "booked", "Booked"
        ATTENDED = "attended", "Attended"
        WAS_NOT_BROUGHT = "was_not_brought", "Was not brought"
        DID_NOT_ATTEND = "did_not_attend", "Did not attend"
        CANCELLED_BY_SERVICE = "cancelled_by_service", "Cancelled by the service"
        CANCELLED_BY_FAMILY = "cancelled_by_family", "Cancelled by the family"
        RESCHEDULED = "rescheduled", "Rescheduled"

    # A child (or an unborn baby, through the pregnant woman) is not brought; an adult does not attend.
    MISSED = frozenset({Status.WAS_NOT_BROUGHT, Status.DID_NOT_ATTEND})
    # Still to happen: a planned contact, or a booked appointment whose outcome is not recorded.
    WAITING = frozenset({Status.PLANNED, Status.BOOKED})

    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="appointments")
    # An antenatal appointment is the pregnant woman's; the unborn baby it is for, so that a
    # missed antenatal appointment counts for the baby too (the review's maternity case example).
    for_unborn = models.ForeignKey(
        "people.Person", null=True, blank=True, on_delete=models.PROTECT, related_name="antenatal_appointments"
    )
    service = models.ForeignKey("organisations.Service", on_delete=models.PROTECT, related_name="appointments")
    team = models.ForeignKey("organisations.Team", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    # The named practitioner who holds the appointment (and is told when it is missed).
    practitioner = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="appointments"
    )
    kind = models.CharField(max_length=30, choices=Kind.choices)
    status = models.CharField(max_length=30, choices=Status.choices, default=Status.PLANNED)
    # A planned contact is due by a date (a new birth visit 10-14 days after the birth); a booked
    # appointment has its time. Overdue: still waiting after ``due_by`` (or after ``starts_at``).
    due_by = models.DateField(null=True, blank=True)
    starts_at = models.DateTimeField(null=True, blank=True)
    # The start of treatment, for waiting times from referral to treatment (R7.5).
    starts_treatment = models.BooleanField(default=False)
    # A rescheduled appointment points to the one that replaced it.
    rescheduled_to = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="rescheduled_from"
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    objects = AppointmentQuerySet.as_manager()

    class Meta:
        ordering = ["starts_at", "due_by", "id"]
        indexes = [
            models.Index(fields=["person", "status"], name="appointment_person_status"),
            models.Index(fields=["for_unborn", "status"], name="appointment_unborn_status"),
            models.Index(fields=["service", "status"], name="appointment_service_status"),
            models.Index(
                fields=["due_by"], condition=Q(status__in=["planned", "booked"]), name="appointment_waiting_due"
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(starts_at__isnull=False) | Q(due_by__isnull=False), name="appointment_has_a_date"
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} ({self.get_status_display()})"

    @property
    def is_missed(self) -> bool:
        return self.status in self.MISSED

    @property
    def date(self):
        """The day it is (or was) for: the booked day, or the planned contact's due date."""
        return timezone.localdate(self.starts_at) if self.starts_at else self.due_by


class AppointmentStatus(models.Model):
    """Append-only: one status of an appointment, with who recorded it and when."""

    appointment = models.ForeignKey(Appointment, on_delete=models.PROTECT, related_name="statuses")
    status = models.CharField(max_length=30, choices=Appointment.Status.choices)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)  # wall clock: writers pass clock.now()
    reason = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["id"]
        indexes = [models.Index(fields=["appointment", "id"], name="appointment_status_history")]


class FollowUpQuerySet(models.QuerySet):
    def open(self):
        return self.filter(completed_at__isnull=True)

    def overdue(self, now):
        return self.open().filter(due_at__lt=now)


class FollowUp(TimeStamped):
    """A task with a deadline raised by missed appointments or disengagement, open until
    someone records what was done."""

    class Kind(models.TextChoices):
        WAS_NOT_BROUGHT = "was_not_brought", "Was not brought"
        # An adult who missed appointments or was discharged for non-engagement while children
        # or an unborn baby are known (R7.2).
        DISENGAGEMENT = "disengagement", "Adult disengaged with children known"

    class Action(models.TextChoices):
        CONTACTED_FAMILY = "contacted_family", "Contacted the family"
        REBOOKED = "rebooked", "Appointment rebooked"
        HOME_VISIT = "home_visit", "Home visit made"
        CONTACTED_CHILDRENS_PRACTITIONERS = (
            "contacted_practitioners", "Contacted the children's health visitor, school nurse or GP",
        )
        TOLD_SOCIAL_WORKER = "told_social_worker", "Told the child's social worker"
        DISCUSSED_WITH_SAFEGUARDING_LEAD = "discussed_with_lead", "Discussed with the safeguarding lead"
        REFERRED_TO_MASH = "referred_to_mash", "Referred to the MASH"
        NO_FURTHER_ACTION = "no_further_action", "No further action, with the reason"

    kind = models.CharField(max_length=20, choices=Kind.choices)
    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="follow_ups")
    service = models.ForeignKey("organisations.Service", on_delete=models.PROTECT, related_name="+")
    team = models.ForeignKey("organisations.Team", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="follow_ups"
    )
    # The appointment whose miss raised it (none for a discharge for non-engagement).
    appointment = models.ForeignKey(
        Appointment, null=True, blank=True, on_delete=models.PROTECT, related_name="follow_ups"
    )
    reason = models.CharField(max_length=500)
    # The rule as it stood when the follow-up was raised ("wnb.threshold = ... (local default)").
    rule_in_force = models.CharField(max_length=300, blank=True)
    raised_at = models.DateTimeField(default=timezone.now)  # wall clock: writers pass clock.now()
    due_at = models.DateTimeField()
    completed_at = models.DateTimeField(null=True, blank=True)
    completed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    action = models.CharField(max_length=30, choices=Action.choices, blank=True)
    note = models.TextField(blank=True)

    objects = FollowUpQuerySet.as_manager()

    class Meta:
        ordering = ["due_at", "id"]
        indexes = [
            models.Index(fields=["due_at"], condition=Q(completed_at__isnull=True), name="follow_up_open_due"),
            models.Index(fields=["assigned_to", "completed_at"], name="follow_up_assigned"),
            models.Index(fields=["person", "kind"], name="follow_up_person"),
        ]
        constraints = [
            # Two missed appointments recorded at once (the form sent twice, two colleagues)
            # meet the one open follow-up instead of raising a second.
            models.UniqueConstraint(
                fields=["person", "service", "kind"], condition=Q(completed_at__isnull=True),
                name="one_open_follow_up_per_person_service_kind",
            ),
            models.CheckConstraint(
                condition=Q(completed_at__isnull=True) | ~Q(action=""), name="follow_up_completed_with_an_action"
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.reason}"

    @property
    def is_open(self) -> bool:
        return self.completed_at is None
