from django.urls import path

from thinkfamily.protection import views

app_name = "protection"

urlpatterns = [
    path("people/<uuid:person_id>/child-protection/", views.child_conferences, name="child"),
    path("people/<uuid:person_id>/child-protection/strategy-discussion/", views.record_strategy_discussion,
         name="record_strategy_discussion"),
    path("child-protection/strategy-discussions/<int:discussion_id>/", views.strategy_discussion,
         name="strategy_discussion"),
    path("child-protection/strategy-discussions/<int:discussion_id>/conference/", views.arrange_initial,
         name="arrange_initial"),
    path("child-protection/conferences/<int:conference_id>/", views.conference, name="conference"),
    path("child-protection/conferences/<int:conference_id>/next/<str:kind>/", views.arrange_next,
         name="arrange_next"),
    path("child-protection/conferences/<int:conference_id>/held/", views.record_held, name="record_held"),
    path("child-protection/conferences/<int:conference_id>/minutes/", views.record_minutes, name="record_minutes"),
    path("child-protection/invitations/<int:invitation_id>/", views.invitation, name="invitation"),
    path("child-protection/minutes-overdue/", views.overdue_minutes, name="overdue_minutes"),
]
