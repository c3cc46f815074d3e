"""Pages joining many tables are planned with fewer join orders, for their own transaction only
(bexley_qa/planning.py): a connection kept open for the next request is left as it was."""

import pytest
from django.db import connection
from django.http import HttpResponse
from django.test import RequestFactory

from bexley_qa.planning import JOIN_ORDERS, fewer_join_orders


def setting(name: str) -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_setting(%s)", [name])
        return cursor.fetchone()[0]


@pytest.mark.django_db(transaction=True)  # no test transaction around it, as in a request
def test_the_view_is_planned_with_fewer_join_orders_and_the_connection_is_left_as_it_was():
    seen = {}

    @fewer_join_orders
    def view(request):
        seen.update(join=setting("join_collapse_limit"), source=setting("from_collapse_limit"))
        return HttpResponse("ok")

    before = setting("join_collapse_limit")
    assert view(RequestFactory().get("/")).content == b"ok"
    assert seen == {"join": str(JOIN_ORDERS), "source": str(JOIN_ORDERS)}
    assert setting("join_collapse_limit") == before == "8"


def test_the_home_page_and_the_audits_list_are_so_planned(org, audit, client_for, monkeypatch):
    from bexley_qa import planning

    planned = []
    real = planning.transaction.atomic

    def noted(*args, **kwargs):
        planned.append(True)
        return real(*args, **kwargs)

    monkeypatch.setattr(planning.transaction, "atomic", noted)
    for url in ("/", "/audits/"):
        planned.clear()
        assert client_for(org.pat).get(url).status_code == 200
        assert planned, url


@pytest.mark.django_db(transaction=True)
def test_an_audit_is_read_with_fewer_join_orders_and_nothing_else_is(
    org, audit, client_for, monkeypatch
):
    from audits import selectors

    seen = []
    real = selectors.audit_detail

    def noted(**kwargs):
        seen.append(setting("join_collapse_limit"))
        return real(**kwargs)

    monkeypatch.setattr(selectors, "audit_detail", noted)
    assert client_for(org.tariq).get(audit.get_absolute_url()).status_code == 200
    assert seen == [str(JOIN_ORDERS)]
    assert setting("join_collapse_limit") == "8"  # the connection, once the page is read


def test_in_subquery_finds_what_in_finds_alone_and_ored_with_other_conditions(org, audit):
    from django.db.models import Q

    from audits import services
    from audits.models import Audit
    from bexley_qa.planning import in_subquery

    services.audit_allocate(actor=org.bella, child=org.dan, auditor=org.sam)  # a second audit
    assert Audit.objects.count() == 2
    others = Audit.objects.exclude(pk=audit.pk).values("pk")
    none = Audit.objects.none().values("pk")
    for values in (others, Audit.objects.filter(pk=audit.pk).values("pk"), none):
        assert set(Audit.objects.filter(in_subquery("pk", values))) == set(
            Audit.objects.filter(pk__in=values)
        )
        either = Q(auditor=org.tariq)
        assert set(Audit.objects.filter(either | in_subquery("pk", values))) == set(
            Audit.objects.filter(either | Q(pk__in=values))
        )
