"""The two-step sign-in set-up page (issue 15): the key to type is information, shown as inset
text in groups of 4 in a neutral style, not red like an error; two-step sign-in is reached
from the account menu, not the main navigation."""

import re

import pytest
from django.urls import reverse

from thinkfamily.access.models import TwoFactorDevice
from thinkfamily.access.two_factor import in_groups

pytestmark = pytest.mark.django_db


def test_the_key_is_inset_text_in_groups_of_four_and_is_the_devices_secret(client, health_visitor):
    client.force_login(health_visitor)
    page = client.get(reverse("two_factor_setup")).content.decode()
    secret = TwoFactorDevice.objects.get(practitioner=health_visitor).secret
    inset = re.search(r'<div class="nhsuk-inset-text">(.*?)</div>', page, re.S)[1]
    shown = re.search(r'data-testid="totp-secret">([^<]*)<', inset)[1]
    assert shown.replace(" ", "") == secret
    assert all(len(group) == 4 for group in shown.split(" ")[:-1]) and 0 < len(shown.split(" ")[-1]) <= 4
    assert "<code" not in page  # the NHS stylesheet draws code in red, like an error


def test_in_groups():
    assert in_groups("JBSWY3DPEHPK3PXP") == "JBSW Y3DP EHPK 3PXP"
    assert in_groups("ABCDEF") == "ABCD EF"


def test_two_step_sign_in_is_in_the_account_menu_not_the_main_navigation(client, health_visitor):
    client.force_login(health_visitor)
    page = client.get(reverse("two_factor_setup")).content.decode()
    navigation = re.search(r'<ul class="nhsuk-header__navigation-list">(.*?)</ul>', page, re.S)[1]
    account = re.search(r'<ul class="nhsuk-header__account-list">(.*?)</ul>', page, re.S)[1]
    assert "Two-step sign-in" not in navigation
    assert f'href="{reverse("two_factor_setup")}"' in account and "Two-step sign-in" in account
