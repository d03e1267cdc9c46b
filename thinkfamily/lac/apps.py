from django.apps import AppConfig


class LacConfig(AppConfig):
    name = "thinkfamily.lac"
    label = "lac"
    verbose_name = "Looked-after children's health"
