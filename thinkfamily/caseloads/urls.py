"""Caseloads and episodes of care (issue 12): caseloads.views."""

from django.urls import path

from thinkfamily.caseloads import views

app_name = "care"

urlpatterns = [
    path("caseload/add/", views.add_by_identity, name="add_by_identity"),
    path("people/<uuid:person_id>/caseload/add/", views.add_to_caseload, name="add_to_caseload"),
    path("people/<uuid:person_id>/caseload/<int:place_id>/transfer/", views.transfer_place, name="transfer"),
    path("people/<uuid:person_id>/caseload/<int:place_id>/end/", views.end_place, name="end"),
    path("people/<uuid:person_id>/episodes/new/", views.open_episode, name="open_episode"),
    path("people/<uuid:person_id>/episodes/<int:episode_id>/close/", views.close_episode, name="close_episode"),
]
