"""Small helpers that read the environment and fail loudly on bad values.

A secret may also come from a file named by ``<NAME>_FILE`` (Docker/Kubernetes secrets).
"""

import os
import re
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured


def env_str(name: str, default: str | None = None) -> str:
    file_name = os.environ.get(f"{name}_FILE")
    if file_name:
        try:
            return Path(file_name).read_text().strip()
        except OSError as exc:
            raise ImproperlyConfigured(f"{name}_FILE={file_name!r} cannot be read: {exc}") from exc
    value = os.environ.get(name)
    if value is None or value == "":
        if default is None:
            raise ImproperlyConfigured(f"The environment variable {name} must be set.")
        return default
    return value


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    lowered = raw.strip().lower()
    if lowered in {"1", "true", "yes", "on"}:
        return True
    if lowered in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name}={raw!r} is not a boolean: use true or false.")


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    try:
        return int(raw)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name}={raw!r} is not a whole number.") from exc


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


def env_header(name: str, default: str) -> tuple[str, str] | None:
    """A request header and the value it must carry, written ``Header-Name: value``, as the
    pair Django compares with ``request.META`` (``("HTTP_HEADER_NAME", "value")``); ``none``
    for no header."""
    raw = os.environ.get(name)
    text = default if raw is None or raw.strip() == "" else raw.strip()
    if text.lower() == "none":
        return None
    header, colon, value = (part.strip() for part in text.partition(":"))
    if not colon or not value or not re.fullmatch(r"[A-Za-z0-9]+(-[A-Za-z0-9]+)*", header):
        raise ImproperlyConfigured(
            f'{name}={text!r} is not a header and its value: write it as "X-Forwarded-Proto: https", or none.'
        )
    return "HTTP_" + header.upper().replace("-", "_"), value


def env_https_origins(name: str) -> list[str]:
    """Comma-separated origins a browser shows, each ``https://host`` or ``https://host:port``."""
    origins = env_list(name, [])
    for origin in origins:
        if not re.fullmatch(r"https://[A-Za-z0-9*.-]+(:[0-9]+)?", origin):
            raise ImproperlyConfigured(
                f"{name}: {origin!r} is not an https origin such as https://thinkfamily.example.nhs.uk "
                "(scheme and host, no path)."
            )
    return origins
