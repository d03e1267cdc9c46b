from django.urls import include, path

from thinkfamily.casenotes import views as casenote_views
from thinkfamily.people import gp_views, views

app_name = "people"

person_patterns = [
    path("", views.record, name="record"),
    path("correct/", views.correct_person, name="correct"),
    path("relationships/new/", views.add_relationship, name="add_relationship"),
    path("relationships/<int:relationship_id>/end/", views.end_relationship, name="end_relationship"),
    path("parental-responsibility/new/", views.add_parental_responsibility, name="add_parental_responsibility"),
    path("move/", views.move_household, name="move"),
    path("school/", views.change_school, name="change_school"),
    path("gp/", gp_views.register_with_gp, name="register_with_gp"),
    path("legal-status/new/", views.record_legal_status, name="legal_status"),
    path("legal-status/<int:entry_id>/correct/", views.correct_legal_status, name="correct_legal_status"),
    path("placement/", views.record_placement_change, name="placement_change"),
    path("unborn/new/", views.record_unborn, name="record_unborn"),
    path("birth/", views.record_birth, name="record_birth"),
    path("notes/new/", casenote_views.write_note, name="write_note"),
    path("notes/<int:note_id>/share/", casenote_views.share_note, name="share_note"),
]

urlpatterns = [
    path("people/new/", views.new_person, name="new"),
    path("people/<uuid:person_id>/", include(person_patterns)),
]
