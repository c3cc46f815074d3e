"""Writes to people and teams that PSQA make in the app (the Django admin is technical support's).

Each write is one transaction; the change history (bexley_qa/history.py) keeps who changed what.
Nobody is made staff or superuser here, and no password is set: council staff sign in through
single sign-on, and technical support set break-glass passwords with `manage.py changepassword`.
"""

import re

from django.core.exceptions import ValidationError
from django.db import transaction

from .models import Child, RoleCode, Team, User, UserRole


def free_username(email: str) -> str:
    base = re.sub(r"[^a-z0-9._-]", "", email.split("@")[0].lower())[:140] or "person"
    taken = set(User.objects.filter(username__startswith=base).values_list("username", flat=True))
    if base not in taken:
        return base
    return next(f"{base}{n}" for n in range(2, len(taken) + 3) if f"{base}{n}" not in taken)


@transaction.atomic
def person_save(*, actor: User, person: User, roles: list[str]) -> User:
    """Save a person (new or changed) with exactly these roles.

    PSQA cannot switch their own account off or take away their own PSQA role (they would lock
    themselves out of these pages), and never edit a superuser's account."""
    if person.is_superuser:
        raise ValidationError("Technical support accounts are kept in the Django admin")
    if person.pk == actor.pk:
        if not person.is_active:
            raise ValidationError({"is_active": "You cannot switch off your own account"})
        if RoleCode.PSQA not in roles:
            raise ValidationError({"roles": "You cannot take away your own PSQA role"})
    if person.pk is None:
        person.username = free_username(person.email)
        person.set_unusable_password()
    person.is_staff = False
    person.full_clean(exclude=["password"])
    person.save()
    set_roles(person, roles)
    return person


def set_roles(person: User, roles: list[str]) -> None:
    """Give the person exactly these roles (a grant kept is not written again)."""
    UserRole.objects.filter(user=person).exclude(role__in=roles).delete()
    have = set(UserRole.objects.filter(user=person).values_list("role", flat=True))
    UserRole.objects.bulk_create(
        UserRole(user=person, role=role) for role in roles if role not in have
    )
    person.__dict__.pop("role_codes", None)


@transaction.atomic
def team_save(*, team: Team, managers) -> Team:
    team.full_clean()
    team.save()
    team.managers.set(managers)
    return team


@transaction.atomic
def child_save(*, child: Child) -> Child:
    if child.anonymised_at:
        raise ValidationError("This child's records have been anonymised: they cannot be changed")
    child.full_clean()
    child.save()
    return child
