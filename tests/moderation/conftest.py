"""Completed audits to moderate: Amy's (Inadequate, by Tariq) and Dan's (Requires improvement, by
Tom), completed through the services as their auditors would; Mo (moderator) moderates."""

import datetime

import pytest
from django.utils import timezone

from audits import services
from bexley_qa import workdays
from moderation import services as moderation_services
from moderation.demo import complete_audit


@pytest.fixture
def completed(org, ready):
    """Amy's Inadequate audit, completed (its outcome was sent first)."""
    return services.audit_complete(actor=org.tariq, audit=ready)


@pytest.fixture
def dans_audit(org):
    """Dan's audit (Care team, Service B), graded 4 by Tom and completed."""
    return complete_audit(child=org.dan, auditor=org.tom, support=org.bella, grade=4)


@pytest.fixture
def sample(org, completed, dans_audit):
    """This month's sample, proposed by Pat (PSQA): both audits are in it."""
    proposed, _ = moderation_services.sample_propose(month=workdays.this_month(), actor=org.pat)
    return proposed


@pytest.fixture
def allocated(org, sample, completed):
    """Amy's audit's moderation, allocated to Mo."""
    moderation = sample.moderations.get(audit=completed)
    return moderation_services.moderation_allocate(
        actor=org.pat,
        moderation=moderation,
        moderator=org.mo,
        return_date=timezone.localdate() + datetime.timedelta(days=28),
    )


@pytest.fixture
def recorded(org, allocated):
    """Mo has recorded everything but the grade: 19 scores, comments, the actions reviewed."""
    for area in range(1, 20):
        moderation_services.moderation_score_save(
            actor=org.mo, moderation=allocated, area=area, data={"score": 3}, version=None
        )
    moderation_services.moderation_comments_save(
        actor=org.mo,
        moderation=allocated,
        data={"good_practice": "Clear analysis", "areas_for_development": "Evidence"},
        version=None,
    )
    moderation_services.action_reviews_save(
        actor=org.mo,
        moderation=allocated,
        reviews={a.pk: ("partly", "Under way") for a in allocated.audit.actions.all()},
    )
    allocated.refresh_from_db()
    return allocated
