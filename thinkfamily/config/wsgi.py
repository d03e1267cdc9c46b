import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "thinkfamily.config.settings.production")
application = get_wsgi_application()
# What the import loaded (Django, the app, its URL and model registries) lives as long as the
# process: kept out of the collector's full passes, which otherwise walk it every few hundred
# requests and stall one request by tens of milliseconds (issue 16, the lookup's p99).
gc.freeze()
