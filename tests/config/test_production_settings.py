"""The production settings behind a TLS-terminating proxy, read from the environment, and
every variable they read documented for whoever deploys it (docs/deploy.md)."""

import importlib
import re
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.test import Client
from django.urls import reverse

ROOT = Path(__file__).resolve().parents[2]
SETTINGS = ROOT / "thinkfamily" / "config" / "settings"


def production(monkeypatch, **env):
    """The production settings module as it would load with these environment variables."""
    monkeypatch.setenv("DJANGO_SECRET_KEY", "a-test-only-key-" + "x" * 40)
    for name in ["DJANGO_SECURE_PROXY_SSL_HEADER", "DJANGO_USE_X_FORWARDED_HOST", "DJANGO_CSRF_TRUSTED_ORIGINS"]:
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    module = importlib.import_module("thinkfamily.config.settings.production")
    return importlib.reload(module)


def test_by_default_production_trusts_the_proxys_x_forwarded_proto_and_nothing_else(monkeypatch):
    settings = production(monkeypatch)
    assert settings.SECURE_PROXY_SSL_HEADER == ("HTTP_X_FORWARDED_PROTO", "https")
    assert settings.SECURE_SSL_REDIRECT is True
    assert settings.USE_X_FORWARDED_HOST is False
    assert settings.CSRF_TRUSTED_ORIGINS == []


def test_the_proxy_settings_come_from_the_environment(monkeypatch):
    settings = production(
        monkeypatch,
        DJANGO_SECURE_PROXY_SSL_HEADER=" X-Forwarded-Ssl: on ",
        DJANGO_USE_X_FORWARDED_HOST="true",
        DJANGO_CSRF_TRUSTED_ORIGINS="https://thinkfamily.example.nhs.uk, https://tf.example.nhs.uk:8443",
    )
    assert settings.SECURE_PROXY_SSL_HEADER == ("HTTP_X_FORWARDED_SSL", "on")
    assert settings.USE_X_FORWARDED_HOST is True
    assert settings.CSRF_TRUSTED_ORIGINS == ["https://thinkfamily.example.nhs.uk", "https://tf.example.nhs.uk:8443"]
    assert production(monkeypatch, DJANGO_SECURE_PROXY_SSL_HEADER="none").SECURE_PROXY_SSL_HEADER is None


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("DJANGO_SECURE_PROXY_SSL_HEADER", "X-Forwarded-Proto"),
        ("DJANGO_SECURE_PROXY_SSL_HEADER", "X_Forwarded_Proto: https"),
        ("DJANGO_SECURE_PROXY_SSL_HEADER", "X-Forwarded-Proto:"),
        ("DJANGO_USE_X_FORWARDED_HOST", "sometimes"),
        ("DJANGO_CSRF_TRUSTED_ORIGINS", "thinkfamily.example.nhs.uk"),
        ("DJANGO_CSRF_TRUSTED_ORIGINS", "http://thinkfamily.example.nhs.uk"),
        ("DJANGO_CSRF_TRUSTED_ORIGINS", "https://thinkfamily.example.nhs.uk/sign-in/"),
    ],
)
def test_a_bad_proxy_setting_stops_the_application_naming_the_variable(monkeypatch, name, value):
    with pytest.raises(ImproperlyConfigured, match=name):
        production(monkeypatch, **{name: value})


@pytest.mark.django_db
def test_a_request_the_proxy_marks_https_is_served_and_a_plain_one_is_sent_to_https(monkeypatch, settings):
    proxy_header = production(monkeypatch).SECURE_PROXY_SSL_HEADER
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_PROXY_SSL_HEADER = proxy_header
    client = Client()
    plain = client.get(reverse("login"))
    assert plain.status_code == 301 and plain["Location"] == "https://testserver/sign-in/"
    through_proxy = client.get(reverse("login"), headers={"X-Forwarded-Proto": "https"})
    assert through_proxy.status_code == 200 and b"Sign in" in through_proxy.content


def test_every_environment_variable_production_reads_is_documented():
    source = "\n".join((SETTINGS / name).read_text() for name in ["base.py", "production.py"])
    read = set(re.findall(r"env_\w+\(\s*\"([A-Z0-9_]+)\"", source))
    assert {"DJANGO_SECRET_KEY", "DJANGO_SECURE_PROXY_SSL_HEADER", "DATABASE_URL"} <= read
    documented = set(re.findall(r"`([A-Z0-9_]+)`", (ROOT / "docs" / "deploy.md").read_text()))
    assert read - documented == set(), "add these to the table in docs/deploy.md"
