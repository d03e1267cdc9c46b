"""The Jinja2 environment: NHS design system macros (nhsuk-frontend-jinja) plus our helpers."""

from django.conf import settings
from django.contrib.messages import get_messages
from django.templatetags.static import static
from django.urls import reverse
from jinja2 import ChainableUndefined, ChoiceLoader, Environment, PackageLoader

from thinkfamily.core import presenters
from thinkfamily.home.navigation import mark_current


def url(viewname, *args, **kwargs):
    return reverse(viewname, args=args or None, kwargs=kwargs or None)


def environment(**options):
    loader = options.pop("loader")
    env = Environment(
        loader=ChoiceLoader([loader, PackageLoader("nhsuk_frontend_jinja")]),
        undefined=ChainableUndefined,
        autoescape=True,
        **{k: v for k, v in options.items() if k not in {"undefined", "autoescape"}},
    )
    env.globals.update(
        {
            "static": static,
            "url": url,
            "get_messages": get_messages,
            "session_idle_seconds": lambda: settings.SESSION_COOKIE_AGE,
            "SERVICE_NAME": settings.SERVICE_NAME,
        }
    )
    from thinkfamily.organisations.models import Practitioner

    role_labels = dict(Practitioner.Role.choices)
    env.filters.update(
        {
            "mark_current": mark_current,
            "role": lambda code: role_labels.get(code, code),
            "nhs_number": presenters.format_nhs_number,
            "date": presenters.format_date,
            "age": presenters.format_age,
            "datetime": presenters.format_datetime,
            "timescale": presenters.timescale_words,
            "working_days": presenters.working_days,
            "days": presenters.days,
            "plural": presenters.plural,
            "tel": presenters.tel,
        }
    )
    return env
