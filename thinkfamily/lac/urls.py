from django.urls import path

from thinkfamily.lac import views

app_name = "lac"

urlpatterns = [
    path("children-in-care/assessments/<int:assessment_id>/", views.assessment, name="assessment"),
]
