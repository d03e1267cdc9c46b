from django.apps import AppConfig


class AccessConfig(AppConfig):
    name = "thinkfamily.access"
    label = "access"
    verbose_name = "Access to personal records"
