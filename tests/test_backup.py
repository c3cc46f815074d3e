"""Backup and restore as the README says: pg_dump of the database, pg_restore into an empty one,
and everything is there (rows, and the change history's triggers)."""

import subprocess

import pytest
from django.db import connection

pytestmark = pytest.mark.django_db(transaction=True)  # pg_dump sees only committed rows


def run(*args):
    result = subprocess.run(args, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_a_dump_restores_into_an_empty_database_with_every_row_and_trigger(org, audit, tmp_path):
    settings = connection.settings_dict
    where = ["-h", settings["HOST"], "-p", str(settings["PORT"] or 5432), "-U", settings["USER"]]
    source, copy = settings["NAME"], f"{settings['NAME']}_restored"
    dump = tmp_path / "bexley_qa.dump"

    run("pg_dump", *where, "--format=custom", "--no-owner", "--file", str(dump), source)
    run("dropdb", *where, "--if-exists", copy)
    run("createdb", *where, copy)
    try:
        run("pg_restore", *where, "--no-owner", "--exit-on-error", "--dbname", copy, str(dump))

        def fingerprint(database):
            sql = (
                "SELECT (SELECT count(*) FROM people_child), (SELECT count(*) FROM people_user), "
                "(SELECT count(*) FROM audits_audit), (SELECT count(*) FROM audits_audithistory), "
                "(SELECT md5(string_agg(case_id || first_name || last_name, ',' ORDER BY case_id)) "
                "FROM people_child), "
                "(SELECT count(*) FROM pg_trigger WHERE tgname LIKE 'pgtrigger_%')"
            )
            return run("psql", *where, "-tA", "-d", database, "-c", sql).strip()

        original = fingerprint(source)
        assert original.split("|")[2] == "1"  # the audit is there to be copied
        assert fingerprint(copy) == original
    finally:
        run("dropdb", *where, "--if-exists", copy)
