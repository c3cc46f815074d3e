"""Pages whose queries join many tables: PostgreSQL plans them with fewer join orders.

A home panel's or the audits list's query joins eight tables (the audit, its child, team and
service, and four people). With PostgreSQL's defaults (join_collapse_limit and
from_collapse_limit of 8) it searched every join order: at a county's scale 40-50 ms of planning
for 4-15 ms of work (EXPLAIN ANALYZE). Planned with at most 4 relations reordered at a time it
took 4-6 ms, and ran as fast. It is not set for every query: the audit results' aggregations ran
40 to 200 % slower so planned. The home pages and the audits list are planned so throughout
(`fewer_join_orders`); an audit's pages and autosaves only for reading the audit
(`planned_with_fewer_join_orders`, in audits/selectors.py `audit_for`).
"""

from contextlib import contextmanager
from functools import wraps

from django.contrib.postgres.expressions import ArraySubquery
from django.db import connection, transaction
from django.db.models import BooleanField, F, Func, Q, QuerySet

JOIN_ORDERS = 4


@contextmanager
def planned_with_fewer_join_orders():
    """The queries run inside are planned with at most JOIN_ORDERS relations reordered, in a
    transaction of their own: SET LOCAL, undone when it ends. For one query that joins many
    tables (an audit with everything its pages show: 15 relations, planned in 6 ms for 0.6 ms of
    work, in 2 ms so). Inside a transaction already (a savepoint), the setting lasts until that
    transaction ends: its later queries are planned so too (plans, never results, change)."""
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT set_config('join_collapse_limit', %s, true),"
                " set_config('from_collapse_limit', %s, true)",
                [str(JOIN_ORDERS), str(JOIN_ORDERS)],
            )
        yield


def fewer_join_orders(view):
    """Run the view, and render its page, in a transaction whose queries are planned with at
    most JOIN_ORDERS relations reordered (set for that transaction only: SET LOCAL)."""

    @wraps(view)
    def planned(request, *args, **kwargs):
        with planned_with_fewer_join_orders():
            response = view(request, *args, **kwargs)
            if not getattr(response, "is_rendered", True):
                response.render()  # a TemplateResponse's queries run in here too
            return response

    return planned


class _EqualsAny(Func):
    template = "%(expressions)s)"
    arg_joiner = " = ANY("
    output_field = BooleanField()


def in_subquery(field: str, values: QuerySet) -> Q:
    """`field = ANY(ARRAY(values))`, where `field__in=values` is OR'd with other conditions: the
    subquery runs once, first, and its values are looked up in `field`'s index, beside the
    other conditions' indexes. As `IN (subquery)` PostgreSQL tested it on every row instead (a
    manager's audits, OR'd with the audits they moderate: every one of a county's 25,000 read,
    5.7 ms; so, 0.7 ms)."""
    return Q(_EqualsAny(F(field), ArraySubquery(values)))
