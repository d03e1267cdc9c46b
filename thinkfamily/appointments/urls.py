from django.urls import path

from thinkfamily.appointments import views

app_name = "appointments"

urlpatterns = [
    path("people/<uuid:person_id>/appointments/book/", views.book, name="book"),
    path("people/<uuid:person_id>/appointments/plan/", views.plan, name="plan"),
    path("appointments/<int:appointment_id>/outcome/", views.outcome, name="outcome"),
    path("appointments/<int:appointment_id>/reschedule/", views.reschedule, name="reschedule"),
    path("follow-ups/", views.managers_list, name="follow_ups"),
    path("follow-ups/<int:follow_up_id>/", views.follow_up, name="follow_up"),
]
