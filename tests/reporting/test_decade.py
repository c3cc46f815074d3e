"""`seed_demo --history-years N`: a decade of audits in bulk, the same rows the services give."""

from django.core.management import call_command
from django.db.models import Count, F

from audits.models import AreaScore, Audit
from bexley_qa.people.models import User
from moderation.models import Moderation, ModerationStatus


def test_history_years_adds_consistent_completed_audits(db, settings, client_for):
    settings.DEBUG = True
    call_command("seed_demo", history_years=2, verbosity=0)
    audits = Audit.objects.filter(child__case_id__startswith="H")
    assert audits.count() >= 300  # one for about every two of the 1,200 seeded children
    assert not audits.filter(completed_at__isnull=True).exists()
    assert AreaScore.objects.filter(audit__in=audits).count() == 19 * audits.count()
    # Allocated before completed; a moderated audit's final grade is its moderation's.
    assert not audits.filter(allocated_at__gte=F("completed_at")).exists()
    for moderation in Moderation.objects.filter(status=ModerationStatus.FINALISED)[:20]:
        assert moderation.audit.final_grade == moderation.final_grade
        assert moderation.audit.moderated_at is not None
    # Some children audited again, for the distance travelled.
    twice = audits.values("child").order_by().annotate(n=Count("pk")).filter(n__gt=1)
    assert twice.exists()
    psqa = client_for(User.objects.get(username="psqa"))
    page = psqa.get("/dashboard/analytics/better-off/?start=2025-01&end=2026-10")
    assert page.status_code == 200
    assert "No child audited in this period had been audited before" not in page.content.decode()
