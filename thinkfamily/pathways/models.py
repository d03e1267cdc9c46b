"""Transition from CAMHS to adult services (R7.3).

A young person on a CAMHS caseload approaching 18 needs a plan for their transfer to an adult
service (review §2.27; NICE NG43): planning is due from the local number of months before
the 18th birthday (``transition.start``). A ``TransitionPlan`` records it: the CAMHS service
that plans, the adult service the young person will move to (adult mental health or
another), when planning started and the planned transfer date, and how it ended: transferred,
not needed (with the reason), or declined by the young person. One open plan per young
person is a database constraint.

Waiting times (R7.5) have no model of their own: they are computed from episodes of care and
appointments (``pathways.queries.waits``)."""

from django.conf import settings
from django.db import models
from django.db.models import Q

from thinkfamily.core.models import TimeStamped


class TransitionPlanQuerySet(models.QuerySet):
    def open(self):
        return self.filter(outcome="")


class TransitionPlan(TimeStamped):
    class Outcome(models.TextChoices):
        TRANSFERRED = "transferred", "Transferred to the adult service"
        NOT_NEEDED = "not_needed", "Transfer not needed"
        DECLINED = "declined", "Declined by the young person"

    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="transition_plans")
    camhs_service = models.ForeignKey("organisations.Service", on_delete=models.PROTECT, related_name="+")
    adult_service = models.ForeignKey(
        "organisations.Service", null=True, blank=True, on_delete=models.PROTECT, related_name="transitions_in"
    )
    started_on = models.DateField()
    planned_transfer_on = models.DateField(null=True, blank=True)
    started_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    outcome = models.CharField(max_length=20, choices=Outcome.choices, blank=True)
    outcome_on = models.DateField(null=True, blank=True)
    outcome_reason = models.CharField(max_length=500, blank=True)
    outcome_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    objects = TransitionPlanQuerySet.as_manager()

    class Meta:
        ordering = ["-started_on", "-id"]
        indexes = [models.Index(fields=["adult_service", "outcome"], name="transition_adult_service")]
        constraints = [
            # A second "start" (the form sent twice, two colleagues) meets the open plan.
            models.UniqueConstraint(fields=["person"], condition=Q(outcome=""), name="one_open_transition_plan"),
            models.CheckConstraint(
                condition=Q(outcome="") | Q(outcome_on__isnull=False), name="transition_outcome_has_a_date"
            ),
            models.CheckConstraint(
                condition=~Q(outcome="not_needed") | ~Q(outcome_reason=""), name="transition_not_needed_has_a_reason"
            ),
        ]

    def __str__(self):
        return f"Transition plan from {self.started_on:%d/%m/%Y}"

    @property
    def is_open(self) -> bool:
        return not self.outcome
