from django.urls import path

from thinkfamily.access import views

app_name = "access"

urlpatterns = [
    path("people/<uuid:person_id>/break-glass/", views.break_glass, name="break_glass"),
    path("people/<uuid:person_id>/access-history/", views.record_access_history, name="history"),
    path("break-glass/", views.review_queue, name="review_queue"),
    path("break-glass/<int:access_id>/review/", views.review, name="break_glass_review"),
]
