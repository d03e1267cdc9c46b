"""The local administrator's pages (administration.views), under /administration/."""

from django.urls import path

from thinkfamily.administration import views

app_name = "administration"

urlpatterns = [
    path("administration/", views.area, name="area"),
    path("administration/organisations/new/", views.new_organisation, name="new_organisation"),
    path("administration/organisations/<int:organisation_id>/", views.organisation, name="organisation"),
    path("administration/organisations/<int:organisation_id>/edit/", views.edit_organisation,
         name="edit_organisation"),
    path("administration/organisations/<int:organisation_id>/services/new/", views.new_service, name="new_service"),
    path("administration/services/<int:service_id>/edit/", views.edit_service, name="edit_service"),
    path("administration/services/<int:service_id>/teams/new/", views.new_team, name="new_team"),
    path("administration/teams/<int:team_id>/", views.team, name="team"),
    path("administration/teams/<int:team_id>/edit/", views.edit_team, name="edit_team"),
    path("administration/staff/", views.staff_list, name="staff"),
    path("administration/staff/new/", views.new_practitioner, name="new_practitioner"),
    path("administration/staff/<int:practitioner_id>/", views.practitioner, name="practitioner"),
    path("administration/staff/<int:practitioner_id>/team-and-role/", views.change_placement,
         name="change_placement"),
    path("administration/staff/<int:practitioner_id>/one-time-password/", views.one_time_password,
         name="one_time_password"),
    path("administration/staff/<int:practitioner_id>/leaver/", views.leaver, name="leaver"),
    path("administration/import/", views.import_files, name="import"),
]
