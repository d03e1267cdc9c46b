from django.apps import AppConfig


class ChronologyConfig(AppConfig):
    name = "thinkfamily.chronology"
    label = "chronology"
    verbose_name = "Chronology of significant events"
