from django.apps import AppConfig


class AssessmentsConfig(AppConfig):
    name = "thinkfamily.assessments"
    label = "assessments"
    verbose_name = "Attendances and assessments in adult services: Think Family, ED triage, routine enquiry"
