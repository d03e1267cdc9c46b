from django.apps import AppConfig


class AppointmentsConfig(AppConfig):
    name = "thinkfamily.appointments"
    label = "appointments"
    verbose_name = "Appointments, 'was not brought' and the follow-ups they require"
