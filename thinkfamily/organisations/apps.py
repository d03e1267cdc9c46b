from django.apps import AppConfig


class OrganisationsConfig(AppConfig):
    name = "thinkfamily.organisations"
    label = "organisations"
    verbose_name = "Organisations, services, teams and practitioners"
