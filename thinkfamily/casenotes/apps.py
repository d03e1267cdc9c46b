from django.apps import AppConfig


class CaseNotesConfig(AppConfig):
    name = "thinkfamily.casenotes"
    label = "casenotes"
    verbose_name = "Case notes (the running record), with restricted entries"
