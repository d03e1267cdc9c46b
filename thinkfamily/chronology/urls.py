from django.urls import path

from thinkfamily.chronology import views

app_name = "chronology"

urlpatterns = [
    path("people/<uuid:person_id>/chronology/", views.person_chronology, name="person"),
    path("people/<uuid:person_id>/chronology/export.csv", views.export_csv, name="export_csv"),
    path("people/<uuid:person_id>/chronology/export.pdf", views.export_pdf, name="export_pdf"),
]
