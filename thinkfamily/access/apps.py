from django.apps import AppConfig


class AccessConfig(AppConfig):
    name = "thinkfamily.access"
    label = "access"
    verbose_name = "Access to personal records"

    def ready(self):
        # Register the permissions (django-rules) once, at start-up.
        from thinkfamily.access import permissions  # noqa: F401
