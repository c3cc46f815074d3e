"""An email backend for the worker tests: files like Django's, but slow, and says when it starts."""

import os
import time
from pathlib import Path

from django.core.mail.backends.filebased import EmailBackend


class SlowFileBackend(EmailBackend):
    def send_messages(self, messages):
        if marker := os.environ.get("SLOW_MAIL_MARKER"):
            Path(marker).touch()
        time.sleep(float(os.environ.get("SLOW_MAIL_SECONDS", "0")))
        return super().send_messages(messages)
