from django.apps import AppConfig


class FlagsConfig(AppConfig):
    name = "thinkfamily.flags"
    label = "flags"
    verbose_name = "Safeguarding flags and the point-of-care lookup"
