"""The PSQA business support officer: selects and notifies the month's moderations (the
framework's "PSQA BSO selects case file for moderation ... notifies the DD/HOS/SW"), without
PSQA's other powers."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from bexley_qa.people import lines
from bexley_qa.people.models import RoleCode
from moderation import services as moderation_services
from moderation.models import Moderation, ModerationStatus
from moderation.workflow import FINALISE

from ..factories import UserFactory
from ..helpers import date_data


@pytest.fixture
def bo(org):
    return UserFactory(
        username="bo", first_name="Bo", last_name="Baxter", roles=[RoleCode.PSQA_BUSINESS_SUPPORT]
    )


def test_psqa_business_support_selects_and_notifies_the_months_moderations(
    org, bo, completed, dans_audit, client_for
):
    client = client_for(bo)
    assert client.get(reverse("moderation:sample")).status_code == 200
    assert client.post(reverse("moderation:propose")).status_code == 302
    moderation = Moderation.objects.get(audit=completed)
    due = timezone.localdate() + datetime.timedelta(days=28)
    response = client.post(
        reverse("moderation:allocate", args=[moderation.pk]),
        {"moderator": org.mo.pk, **date_data("return_date", due)},
    )
    assert response.status_code == 302
    moderation.refresh_from_db()
    assert (moderation.status, moderation.moderator) == (ModerationStatus.ALLOCATED, org.mo)
    # What the audit and the moderation say is not theirs: the rows and the allocation only.
    for page in (moderation.get_absolute_url(), reverse("moderation:area", args=[moderation.pk, 1]),
                 reverse("moderation:actions", args=[moderation.pk])):  # fmt: skip
        assert client.get(page).status_code == 404, page
    sample = client.get(reverse("moderation:sample")).text
    assert completed.child.case_id in sample
    assert f'href="{moderation.get_absolute_url()}"' not in sample
    csv = client.get(reverse("audits:allocations") + "?format=csv").text
    assert completed.child.case_id in csv and completed.child.full_name not in csv
    # The moderator is told the case ID and the timescale for return.
    assert org.mo.notifications.filter(template="moderation-allocated").exists()


def test_psqa_business_support_has_none_of_psqas_other_powers(
    org, bo, completed, dans_audit, client_for
):
    client = client_for(bo)
    assert not lines.sees_whole_directorate(bo)
    assert client.get(completed.get_absolute_url()).status_code == 404  # the audit itself
    assert client.get(org.amy.get_absolute_url()).status_code == 404  # the child
    assert client.get(reverse("notifications:outbox")).status_code in (403, 404)
    assert client.get(reverse("moderation:insights")).status_code in (403, 404)
    assert "overview" not in client.get(reverse("home")).context


def test_psqa_business_support_cannot_reach_a_finalised_moderation_or_amend(
    org, bo, completed, client_for
):
    sample, _ = moderation_services.sample_propose(
        month=timezone.localdate().replace(day=1), actor=org.pat
    )
    moderation = sample.moderations.get(audit=completed)
    Moderation.objects.filter(pk=moderation.pk).update(
        status=FINALISE.target, moderator=org.mo, final_grade=2,
        return_date=timezone.localdate(), allocated_at=timezone.now(),
    )  # fmt: skip
    assert client_for(bo).get(moderation.get_absolute_url()).status_code == 404
    with pytest.raises(PermissionDenied):
        moderation_services.moderation_amend(
            actor=bo, moderation=Moderation.objects.get(pk=moderation.pk), grade=3,
            outstanding=False, reason="x",
        )  # fmt: skip
    assert Moderation.objects.get(pk=moderation.pk).status == ModerationStatus.FINALISED
