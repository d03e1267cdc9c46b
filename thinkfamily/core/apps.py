from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "thinkfamily.core"
    label = "core"
    verbose_name = "Shared kernel"
