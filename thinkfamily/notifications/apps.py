from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "thinkfamily.notifications"
    label = "notifications"
    verbose_name = "In-app notifications"
