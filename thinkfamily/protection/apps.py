from django.apps import AppConfig


class ProtectionConfig(AppConfig):
    name = "thinkfamily.protection"
    label = "protection"
    verbose_name = "Child protection: strategy discussions, conferences, core groups and their minutes"

    def ready(self):
        # The late-minutes chase runs in the deadline sweeps' task (referrals.tasks), which sits
        # below this app and so cannot import it: this app hands it the sweep.
        from thinkfamily.protection import sweeps
        from thinkfamily.referrals.sweeps import register_sweep

        register_sweep("minutes_chased", sweeps.chase_late_minutes)
