"""No child's name or date of birth in the logs (a finding of the security probe)."""

import json
import logging

from django.urls import reverse

from bexley_qa.logs import JsonFormatter, NoQueryStringFilter


def test_a_journey_leaves_no_childs_name_or_date_of_birth_in_the_logs(
    org, audit, client_for, caplog, send_outbox
):
    caplog.set_level(logging.DEBUG)
    child = audit.child
    tom = client_for(org.tom)
    tom.get(reverse("people:child-list") + f"?q={child.first_name}+{child.last_name}")
    tom.get(reverse("people:child-detail", args=[child.case_id]))
    tom.get(reverse("audits:detail", args=[audit.pk]))
    tom.get(reverse("audits:pdf", args=[audit.pk]))
    tom.get(reverse("people:child-detail", args=["no-such-case"]))  # a 404 is logged
    client_for(org.tariq).post(
        reverse("audits:area", args=[audit.pk, 7]),
        {"version": 0, "worked_well": f"{child.first_name} spoke about school", "score": 99},
    )  # refused: a warning-free 200 with the error
    send_outbox()

    logged = "\n".join(
        f"{record.getMessage()} {record.args!r} {getattr(record, 'request', '')!r}"
        for record in caplog.records
    )
    assert "Not Found" in logged  # the logs did capture the journey
    for secret in (child.first_name, child.last_name, child.date_of_birth.isoformat(),
                   f"{child.date_of_birth:%-d %B %Y}"):  # fmt: skip
        assert secret not in logged, secret


def test_the_development_servers_access_line_has_no_query_string():
    record = logging.LogRecord(
        "django.server", logging.INFO, "", 0, '"%s" %s %s',
        ("GET /children/?q=Jamie+Doe HTTP/1.1", "200", "5120"), None,
    )  # fmt: skip
    NoQueryStringFilter().filter(record)
    assert record.getMessage() == '"GET /children/ HTTP/1.1" 200 5120'


def test_production_logs_are_json_lines_with_the_request_and_user_ids(org, client_for, caplog):
    response = client_for(org.tom).get(reverse("people:child-detail", args=["no-such-case"]))
    request_id = response["X-Request-ID"]
    record = next(r for r in caplog.records if r.name == "django.request")
    assert (record.request_id, record.user_id) == (request_id, str(org.tom.pk))
    line = json.loads(JsonFormatter().format(record))
    assert line["request_id"] == request_id and line["user_id"] == str(org.tom.pk)
    assert line["message"] == "Not Found: /children/no-such-case/"


def test_gunicorns_access_log_leaves_out_the_query_string():
    from pathlib import Path

    root = Path(__file__).resolve().parents[1]
    for name in ("Dockerfile", "docker-compose.yml"):
        text = (root / name).read_text()
        assert "%(U)s" in text and "%(r)s" not in text and "%(q)s" not in text, name


def test_error_reports_hide_what_was_typed_or_searched_for(rf, settings):
    import sys

    from django.views.debug import ExceptionReporter

    from bexley_qa.logs import HideRequestDataFilter, HideRequestDataReporter

    request = rf.post("/children/?q=Jamie+Doe", {"worked_well": "Jamie Doe"})
    filtered = HideRequestDataFilter()
    assert "Jamie" not in repr(filtered.get_post_parameters(request))
    assert "Jamie" not in repr(filtered.get_safe_request_meta(request))

    def search(name):
        raise RuntimeError("boom")

    typed = request.POST["worked_well"]  # a local variable holding the child's name
    try:
        search(typed)
    except RuntimeError:
        report = HideRequestDataReporter(request, *sys.exc_info()).get_traceback_text()
    assert "/children/" in report and "RuntimeError" in report
    assert "Jamie" not in report
    assert settings.DEFAULT_EXCEPTION_REPORTER == "bexley_qa.logs.HideRequestDataReporter"
    assert ExceptionReporter is not HideRequestDataReporter


def test_a_refused_request_is_one_line_without_a_traceback(org, client_for, caplog):
    url = reverse("people:subject-access", args=[org.amy.case_id, "json"])
    assert client_for(org.tom).get(url).status_code == 403  # his team's child; not PSQA
    refused = [r for r in caplog.records if r.name == "django.request"]
    assert refused and all(r.exc_info is None for r in refused)
