from django.urls import include, path

from thinkfamily.casenotes import views as casenote_views
from thinkfamily.legal_status import views as legal_status_views
from thinkfamily.people.views import birth, family, gp, person, record, school

app_name = "people"

person_patterns = [
    path("", record.record, name="record"),
    path("correct/", person.correct_person, name="correct"),
    path("relationships/new/", family.add_relationship, name="add_relationship"),
    path("relationships/<int:relationship_id>/end/", family.end_relationship, name="end_relationship"),
    path("parental-responsibility/new/", family.add_parental_responsibility, name="add_parental_responsibility"),
    path("move/", family.move_household, name="move"),
    path("school/", school.change_school, name="change_school"),
    path("gp/", gp.register_with_gp, name="register_with_gp"),
    path("legal-status/new/", legal_status_views.record_legal_status, name="legal_status"),
    path("legal-status/<int:entry_id>/correct/", legal_status_views.correct_legal_status,
         name="correct_legal_status"),
    path("placement/", legal_status_views.record_placement_change, name="placement_change"),
    path("unborn/new/", birth.record_unborn, name="record_unborn"),
    path("birth/", birth.record_birth, name="record_birth"),
    path("notes/new/", casenote_views.write_note, name="write_note"),
    path("notes/<int:note_id>/share/", casenote_views.share_note, name="share_note"),
]

urlpatterns = [
    path("people/new/", person.new_person, name="new"),
    path("people/<uuid:person_id>/", include(person_patterns)),
]
