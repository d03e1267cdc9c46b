from django.urls import include, path

from thinkfamily.referrals.views import concerns, discharge, lists, referral

app_name = "referrals"

urlpatterns = [
    # Referrals to the MASH (R4.1-R4.4)
    path("people/<uuid:person_id>/concern/", referral.record_concern, name="record_concern"),
    path("people/<uuid:person_id>/discharge/", discharge.discharge, name="discharge"),
    path("referrals/<int:referral_id>/", referral.referral_detail, name="detail"),
    path("referrals/<int:referral_id>/edit/", referral.edit_referral, name="edit"),
    path("referrals/<int:referral_id>/check/", referral.check_referral, name="check"),
    path("referrals/<int:referral_id>/chase/", referral.chase_outcome, name="chase"),
    path("referrals/<int:referral_id>/withdraw/", referral.withdraw_referral, name="withdraw"),
    path("referrals/<int:referral_id>/acknowledge/", referral.acknowledge_referral, name="acknowledge"),
    path("referrals/<int:referral_id>/decision/", referral.record_mash_step, {"step": "decision"}, name="decision"),
    path("referrals/<int:referral_id>/outcome/", referral.record_mash_step, {"step": "outcome"}, name="outcome"),
    path("referrals/received/", lists.mash_queue, name="mash_queue"),
    path("referrals/ward/", lists.ward_view, name="ward"),
    path("referrals/sent/", lists.sent_referrals, name="sent"),
    # Concerns and their decisions (issue 14)
    path("concerns/<int:concern_id>/", concerns.concern_detail, name="concern"),
    path("concerns/<int:concern_id>/refer/", concerns.refer_concern, name="refer_concern"),
    path("concerns/", concerns.concern_list, name="concerns"),
    # MASH information requests (R4.5, R4.6)
    path("", include("thinkfamily.referrals.information_requests.urls")),
]
