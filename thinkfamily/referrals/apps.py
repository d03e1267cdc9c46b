from django.apps import AppConfig


class ReferralsConfig(AppConfig):
    name = "thinkfamily.referrals"
    label = "referrals"
    verbose_name = "Referrals to the MASH and MASH information requests"
