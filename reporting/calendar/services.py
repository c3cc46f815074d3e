"""A person's calendar feed: made (or made again, which stops the old address) and revoked."""

import hashlib
import secrets

from django.db import transaction

from bexley_qa.people.models import User

from ..models import CalendarFeed


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def calendar_feed_make(*, user: User) -> str:
    """A new secret address for the user's feed (the token, shown once); any old one stops."""
    token = secrets.token_urlsafe(32)
    with transaction.atomic():
        CalendarFeed.objects.filter(user=user).delete()
        CalendarFeed.objects.create(user=user, token_hash=token_hash(token))
    return token


def calendar_feed_revoke(*, user: User) -> bool:
    deleted, _ = CalendarFeed.objects.filter(user=user).delete()
    return bool(deleted)
