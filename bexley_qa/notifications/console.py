"""Emails under `make run`: one line each on the console (who to and the subject, which names a
case only by its ID), never the body, which holds a child's name and the audit's findings. The
whole email is on the outbox page, behind sign-in, as everything else about a child."""

from django.conf import settings
from django.core.mail.backends.console import EmailBackend as DjangoConsoleBackend
from django.urls import reverse


class EmailBackend(DjangoConsoleBackend):
    def write_message(self, message):
        self.stream.write(
            f"Email to {', '.join(message.to)}: {message.subject} "
            f"(read it in the outbox: {settings.SITE_URL}{reverse('notifications:outbox')})\n"
        )
