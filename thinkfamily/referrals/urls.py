from django.urls import include, path

from thinkfamily.referrals import views

app_name = "referrals"

urlpatterns = [
    # Referrals to the MASH (R4.1-R4.4)
    path("people/<uuid:person_id>/concern/", views.record_concern, name="record_concern"),
    path("people/<uuid:person_id>/discharge/", views.discharge, name="discharge"),
    path("referrals/<int:referral_id>/", views.referral_detail, name="detail"),
    path("referrals/<int:referral_id>/edit/", views.edit_referral, name="edit"),
    path("referrals/<int:referral_id>/check/", views.check_referral, name="check"),
    path("referrals/<int:referral_id>/withdraw/", views.withdraw_referral, name="withdraw"),
    path("referrals/<int:referral_id>/acknowledge/", views.acknowledge_referral, name="acknowledge"),
    path("referrals/<int:referral_id>/decision/", views.record_decision, name="decision"),
    path("referrals/<int:referral_id>/outcome/", views.record_outcome, name="outcome"),
    path("referrals/received/", views.mash_queue, name="mash_queue"),
    path("referrals/ward/", views.ward_view, name="ward"),
    path("referrals/sent/", views.sent_referrals, name="sent"),
    # MASH information requests (R4.5, R4.6)
    path("", include("thinkfamily.referrals.information_requests.urls")),
]
