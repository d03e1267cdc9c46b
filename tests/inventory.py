"""Everything of a kind in the application, for the tests that walk them all: every URL
pattern of the URLconf, every form class; and the repository's lint scripts, to test them."""

import importlib
import importlib.util
import pkgutil
from pathlib import Path

from django import forms
from django.urls import URLPattern, URLResolver, get_resolver

import thinkfamily

ROOT = Path(thinkfamily.__file__).parent
REPOSITORY = ROOT.parent
SCRIPTS = REPOSITORY / "scripts"


def url_patterns(resolvers=None, namespace=None, converters=None):
    """Every leaf URL pattern: (name with namespace, {kwarg: converter})."""
    resolvers = get_resolver().url_patterns if resolvers is None else resolvers
    for entry in resolvers:
        found = dict(converters or {}) | dict(getattr(entry.pattern, "converters", {}))
        if isinstance(entry, URLResolver):
            ns = entry.namespace or namespace
            yield from url_patterns(entry.url_patterns, ns, found)
        elif isinstance(entry, URLPattern) and entry.name:
            yield (f"{namespace}:{entry.name}" if namespace else entry.name), found


def all_form_classes():
    """Every form class the application defines (importing every module of it first)."""
    for module in pkgutil.walk_packages([str(ROOT)], "thinkfamily."):
        if ".migrations" in module.name or ".settings" in module.name or module.name.endswith(".wsgi"):
            continue
        importlib.import_module(module.name)

    def subclasses(cls):
        for sub in cls.__subclasses__():
            yield sub
            yield from subclasses(sub)

    return {cls for cls in subclasses(forms.Form) if cls.__module__.startswith("thinkfamily.")}


def script(name: str):
    """The lint script scripts/``name``.py, loaded as a module."""
    spec = importlib.util.spec_from_file_location(name, SCRIPTS / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module
