from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "thinkfamily.people"
    label = "people"
    verbose_name = "People, families and legal status"
