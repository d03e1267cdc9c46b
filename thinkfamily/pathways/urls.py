from django.urls import path

from thinkfamily.pathways.views import transitions, waits

app_name = "pathways"

urlpatterns = [
    # Transition from CAMHS to adult services (R7.3)
    path("transitions/", transitions.transition_list, name="transitions"),
    path("people/<uuid:person_id>/transition-plan/new/", transitions.start_plan, name="start_plan"),
    path("people/<uuid:person_id>/transition-plan/outcome/", transitions.record_outcome, name="record_outcome"),
    # Waiting times (R7.5)
    path("waiting-times/", waits.waiting_times, name="waiting_times"),
    path("waiting-times/<int:service_id>/", waits.service_waits, name="service_waits"),
]
