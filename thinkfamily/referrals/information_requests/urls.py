"""The pages of MASH information requests (R4.5, R4.6), included by ``referrals.urls``: their
names are in the ``referrals`` namespace (``referrals:mash_send`` and so on)."""

from django.urls import path

from thinkfamily.referrals.information_requests import views

urlpatterns = [
    path("mash/children/<uuid:person_id>/requests/", views.send_requests, name="mash_send"),
    path("mash/requests/", views.service_requests, name="mash_requests"),
    path("mash/sent/", views.sent_requests, name="mash_sent_requests"),
    path("mash/requests/<int:request_id>/", views.request_detail, name="mash_request"),
    path("mash/requests/<int:request_id>/answer/", views.answer_request, name="mash_answer"),
    path("mash/dashboard/", views.dashboard, name="mash_dashboard"),
    path("mash/dashboard/requests/", views.dashboard_requests, name="mash_dashboard_requests"),
]
