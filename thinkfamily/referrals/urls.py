from django.urls import path

from thinkfamily.referrals import requests_views

app_name = "referrals"

urlpatterns = [
    # MASH information requests (R4.5, R4.6)
    path("mash/children/<uuid:person_id>/requests/", requests_views.send_requests, name="mash_send"),
    path("mash/requests/", requests_views.service_requests, name="mash_requests"),
    path("mash/requests/<int:request_id>/", requests_views.request_detail, name="mash_request"),
    path("mash/requests/<int:request_id>/answer/", requests_views.answer_request, name="mash_answer"),
    path("mash/dashboard/", requests_views.dashboard, name="mash_dashboard"),
    path("mash/dashboard/requests/", requests_views.dashboard_requests, name="mash_dashboard_requests"),
]
