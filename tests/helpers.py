"""Small builders the audit and feedback tests share."""

import datetime
from pathlib import Path

from django.utils import timezone

from audits import services

# A complete self-assessment (Section 2).
ANSWERS = {
    "difference_score": 6,
    "difference_worked_well": "Regular visits",
    "difference_to_move_up": "Involve dad",
    "signs_of_safety_score": 7,
    "signs_of_safety_worked_well": "Words and pictures",
    "signs_of_safety_to_move_up": "Family network meeting",
}


def action(org, audit, **data):
    """Tariq (the auditor) records an action on the audit; Alice owns it unless said otherwise."""
    defaults = {
        "what": "Share the plan with dad",
        "owner": org.alice,
        "due_date": timezone.localdate(),
        "immediate": False,
    }
    return services.action_save(actor=org.tariq, audit=audit, data={**defaults, **data})


def date_data(name: str, day) -> dict:
    """A date as the GOV.UK date input posts it: day, month and year boxes."""
    if isinstance(day, str):
        day = datetime.date.fromisoformat(day)
    return {f"{name}_0": day.day, f"{name}_1": day.month, f"{name}_2": day.year}


def confirm_import(client, kind: str, **extra):
    """Confirm the file last previewed on the import page, as its button does (with the file's
    fingerprint the preview put in the form)."""
    from django.urls import reverse

    stored = client.session.get(f"import-{kind}")
    sha256 = stored["sha256"] if stored else ""
    return client.post(reverse("imports:confirm", args=[kind]), {"sha256": sha256}, **extra)


def assert_tagged_pdf(content: bytes, title: str) -> None:
    """A PDF a screen reader can read (PDF/UA-1): marked as tagged, with a structure tree, its
    language, and its title shown as the window's title."""
    import io

    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(bytes(content)))
    root = reader.trailer["/Root"]
    assert root["/MarkInfo"]["/Marked"] == True  # noqa: E712 - a PDF boolean object
    assert "/StructTreeRoot" in root
    assert root["/Lang"] == "en-GB"
    assert root["/ViewerPreferences"]["/DisplayDocTitle"] == True  # noqa: E712
    assert title in reader.metadata.title


# The council's QA framework and its audit form (the project's source document), kept beside the
# tests so the framework's words in the product are compared with it on any machine.
FRAMEWORK = Path(__file__).resolve().parent / "framework.txt"


def drawn_by_the_worker(monkeypatch, on_commit, publish):
    """Publish (`publish()`), checking that the request drew no PDF and queued it for the worker
    (bexley_qa/kept_pdfs.py), then run the worker's task; what `publish()` gave, refreshed."""
    from bexley_qa import kept_pdfs

    queued = []
    monkeypatch.setattr(kept_pdfs.draw_kept_pdf, "delay", lambda *args: queued.append(args))
    with on_commit(execute=True):
        record = publish()
    record.refresh_from_db()
    assert record.pdf is None and queued == [(record._meta.label_lower, record.pk)]
    assert kept_pdfs.draw_kept_pdf(*queued[0]) is True
    record.refresh_from_db()
    return record
