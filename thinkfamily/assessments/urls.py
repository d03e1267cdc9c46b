from django.urls import path

from thinkfamily.assessments.views import attendances, enquiries, lists

app_name = "assessments"

urlpatterns = [
    path("people/<uuid:person_id>/attendances/new/", attendances.record, name="record_attendance"),
    path("attendances/<int:attendance_id>/", attendances.attendance_page, name="attendance"),
    path("attendances/<int:attendance_id>/answers/", attendances.answer, name="answer"),
    path("attendances/<int:attendance_id>/children/", attendances.link_children, name="link_children"),
    path("attendances/<int:attendance_id>/liaison-review/", attendances.liaison_review, name="liaison_review"),
    path("attendances/incomplete/", attendances.incomplete, name="incomplete"),
    path("attendances/ed-completeness/", lists.ed_completeness, name="ed_completeness"),
    path("attendances/ed-completeness/<int:service_id>/", lists.ed_missing, name="ed_missing"),
    path("attendances/liaison-review/", lists.liaison_list, name="liaison_list"),
    # ?pregnancy=<the unborn baby's id>: which of her pregnancies.
    path("people/<uuid:person_id>/routine-enquiry/", enquiries.routine_enquiry, name="routine_enquiry"),
]
