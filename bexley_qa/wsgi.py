import os

from django.core.exceptions import ImproperlyConfigured
from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bexley_qa.settings")
application = get_wsgi_application()

from .checks import secret_key_missing  # noqa: E402 - needs the settings loaded above

if secret_key_missing():
    raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off")
