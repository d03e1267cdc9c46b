"""Something of each kind due on a health visitor's caseload, as her home page lists it."""

import datetime

from thinkfamily.core import clock
from thinkfamily.lac.models import HealthAssessment
from thinkfamily.referrals.models import Concern, InformationRequest, Referral, ReferralStatus


def due_for(hv, mash_worker, child, *, known_through=None, now):
    """An overdue MASH request to her service, a referral she drafted, and an initial health
    assessment whose due date has passed."""
    request_obj = InformationRequest.objects.create(
        child=child, known_through=known_through, requested_by=mash_worker, service=hv.team.service, grade="amber",
        question="What do you know?", requested_at=now - datetime.timedelta(days=5),
        due_at=now - datetime.timedelta(days=1), mash=mash_worker.team.service.organisation,
    )
    concern = Concern.objects.create(child=child, recorded_by=hv, service=hv.team.service, team=hv.team,
                                     recorded_at=now, description="Bruise seen at the home visit")
    draft = Referral.objects.create(concern=concern, child=child, referrer=hv, referrer_service=hv.team.service,
                                    referrer_team=hv.team, mash=mash_worker.team.service.organisation)
    ReferralStatus.objects.create(referral=draft, status=ReferralStatus.Status.DRAFT, created_by=hv, created_at=now)
    assessment = HealthAssessment.objects.create(
        child=child, kind=HealthAssessment.Kind.INITIAL, entered_care_on=clock.today() - datetime.timedelta(days=40),
        due_on=clock.today() - datetime.timedelta(days=12), due_rule="20 working days",
    )
    return request_obj, draft, assessment
