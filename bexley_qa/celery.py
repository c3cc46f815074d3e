import os
import warnings

from celery import Celery
from celery.exceptions import SecurityWarning

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bexley_qa.settings")

if os.environ.get("DEBUG", "").lower() in ("1", "true"):
    # `make run` on a laptop or in a container that runs as root: Celery's "running the worker
    # with superuser privileges" is for servers, where it stays (the image runs as a user).
    warnings.filterwarnings("ignore", category=SecurityWarning)

app = Celery("bexley_qa")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
