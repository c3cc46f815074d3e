"""Emails printed as a person reads them, for `make run`: who to, the subject and the plain text,
not the raw MIME message (whose quoted-printable lines are hard to read and to click)."""

from django.core.mail.backends.console import EmailBackend as DjangoConsoleBackend


class EmailBackend(DjangoConsoleBackend):
    def write_message(self, message):
        self.stream.write(
            f"From: {message.from_email}\n"
            f"To: {', '.join(message.to)}\n"
            f"Subject: {message.subject}\n\n"
            f"{message.body.strip()}\n"
        )
        self.stream.write("-" * 79 + "\n")
