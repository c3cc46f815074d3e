"""Proposing the month's sample: every Inadequate audit, every team covered, reproducible from
its seed, proposed once however often it is asked for."""

import datetime

from django.core.management import call_command
from django.utils import timezone

from bexley_qa import workdays
from moderation import sampling, services
from moderation.models import Moderation, Sample

from ..factories import TeamFactory


def test_the_sample_takes_every_inadequate_audit_and_covers_every_team(org, completed, dans_audit):
    sample, created = services.sample_propose(month=workdays.this_month())
    assert created
    reasons = {m.audit_id: m.reason for m in sample.moderations.all()}
    assert reasons[completed.pk].startswith("Inadequate")
    # Dan's audit is the only one of the Care team, its band and its auditor: it covers them.
    assert reasons[dans_audit.pk].startswith("Covers ") and "Care" in reasons[dans_audit.pk]


def test_the_draw_is_reproducible_from_its_seed(org, completed, dans_audit):
    month = workdays.this_month()
    first = [(p.audit.pk, p.reason) for p in sampling.draw(month, seed=42, share_percent=50)]
    again = [(p.audit.pk, p.reason) for p in sampling.draw(month, seed=42, share_percent=50)]
    assert first == again and len(first) == 2


def test_proposing_twice_proposes_once(org, completed, dans_audit):
    month = workdays.this_month()
    first, created = services.sample_propose(month=month)
    second, created_again = services.sample_propose(month=month)
    assert (created, created_again) == (True, False) and first == second
    assert Sample.objects.count() == 1 and Moderation.objects.count() == 2


def test_a_moderated_or_sampled_audit_is_not_proposed_again(org, completed, dans_audit):
    month = workdays.this_month()
    services.sample_propose(month=month)
    next_month = workdays.add_months(month, 1)
    assert sampling.draw(next_month, seed=1) == []


def test_audits_completed_over_six_months_ago_are_not_candidates(org, completed):
    later = workdays.add_months(workdays.this_month(), 7)
    assert list(sampling.candidates(later)) == []


def test_the_scheduled_job_proposes_on_the_first_working_day_only(org, completed, monkeypatch):
    # 1 November 2026 is a Sunday: the first working day is Monday 2 November.
    services.moderation_jobs(today=datetime.date(2026, 11, 1))
    assert not Sample.objects.exists()
    services.moderation_jobs(today=datetime.date(2026, 11, 2))
    services.moderation_jobs(today=datetime.date(2026, 11, 3))
    assert list(Sample.objects.values_list("month", flat=True)) == [datetime.date(2026, 11, 1)]


def test_the_command_prints_the_sample_and_a_dry_run_saves_nothing(org, completed, capsys):
    call_command("propose_moderation_sample", "--dry-run")
    assert f"case {org.amy.case_id}" in capsys.readouterr().out
    assert not Sample.objects.exists()
    call_command("propose_moderation_sample", "--month", f"{timezone.localdate():%Y-%m}")
    out = capsys.readouterr().out
    assert out.startswith("Proposed:") and f"case {org.amy.case_id}" in out
    call_command("propose_moderation_sample")
    assert capsys.readouterr().out.startswith("Already proposed:")


def test_an_empty_team_needs_no_cover(org, completed):
    TeamFactory(name="Empty", service=org.service_a)
    sample, _ = services.sample_propose(month=workdays.this_month())
    assert [m.audit_id for m in sample.moderations.all()] == [completed.pk]
