from django.apps import AppConfig


class AdministrationConfig(AppConfig):
    """The local administrator's pages and commands: the area's organisations, services and
    teams, its staff, and importing an area from CSV files. No models of its own: it writes
    through organisations, access and people."""

    name = "thinkfamily.administration"
    label = "administration"
    verbose_name = "Administration of an area"
