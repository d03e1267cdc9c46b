from django.apps import AppConfig


class PathwaysConfig(AppConfig):
    name = "thinkfamily.pathways"
    label = "pathways"
    verbose_name = "Pathways: transition from CAMHS to adult services, and waiting times"
