from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "thinkfamily.demo"
    label = "demo"
    verbose_name = "Deterministic synthetic data"
