"""Locks: saving one audit never waits for another (workflow.lock locks the audit's own row)."""

import threading

from django.db import connection, connections, transaction

from audits import services, workflow


def test_two_audits_in_one_team_can_be_changed_at_once(org, transactional_db):
    first = services.audit_allocate(actor=org.bella, child=org.amy, auditor=org.tariq)
    second = services.audit_allocate(actor=org.bella, child=org.ben, auditor=org.sam)
    assert first.team == second.team
    outcome = {}

    def lock_the_second():
        try:
            with transaction.atomic():
                with connection.cursor() as cursor:
                    cursor.execute("SET LOCAL lock_timeout = '2s'")
                workflow.lock(second)
                outcome["locked"] = True
        except Exception as error:  # noqa: BLE001 - the test reports whatever stopped it
            outcome["error"] = error
        finally:
            connections.close_all()

    with transaction.atomic():
        workflow.lock(first)  # held while the other thread tries
        thread = threading.Thread(target=lock_the_second)
        thread.start()
        thread.join(timeout=10)
    assert outcome == {"locked": True}
