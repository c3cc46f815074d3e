import io
from uuid import uuid4

from django.core.management import call_command
from django.urls import reverse
from pypdf import PdfReader

from audits import services
from tests.helpers import assert_tagged_pdf


def pdf_text(response) -> str:
    assert_tagged_pdf(response.content, "Collaborative case audit")
    reader = PdfReader(io.BytesIO(response.content))
    return " ".join(" ".join(page.extract_text().split()) for page in reader.pages)


def test_the_pdf_holds_the_case_grade_and_every_area(org, fully_scored, client_for):
    services.area_score_save(
        actor=org.tariq, audit=fully_scored, area=13, version=1,
        data={"signs_of_impact": "Direct work uploaded on 01/04/19", "score": 8},
    )  # fmt: skip
    services.audit_grade(
        actor=org.tariq,
        audit=fully_scored,
        grade=4,
        outstanding=False,
        impact_summary="Amy is safer",
    )
    response = client_for(org.tariq).get(reverse("audits:pdf", args=[fully_scored.pk]))
    assert response["Content-Type"] == "application/pdf"
    assert f"audit-1000001-{fully_scored.pk}.pdf" in response["Content-Disposition"]
    text = pdf_text(response)
    assert "case 1000001" in text
    assert fully_scored.reference in text
    assert "Overall rating: 4 – Requires improvement" in text
    assert "Amy is safer" in text
    assert "Direct work uploaded on 01/04/19" in text
    for number in range(1, 20):
        assert f"Strength {number}" in text
    assert (
        text.index("Section 1")
        < text.index("Section 3")
        < text.index("Section 4")
        < text.index("Section 6")
    )


def test_the_pdf_has_feedback_and_actions(org, ready, client_for):
    # Section 5 is the feedback app's, registered with audits (audits/contributions.py).
    text = pdf_text(client_for(org.tariq).get(reverse("audits:pdf", args=[ready.pk])))
    assert text.index("Section 4") < text.index("Section 5: Feedback") < text.index("Section 6")
    assert "Not obtained: Aged 2" in text and "Mother" in text
    assert "Safety plan with the network (immediate)" in text


def pdf_fonts(response) -> set[str]:
    """The typefaces the PDF uses, without their subset tag and style ("Liberation-Sans")."""
    fonts = set()
    for page in PdfReader(io.BytesIO(response.content)).pages:
        for font in page["/Resources"]["/Font"].values():
            name = str(font.get_object()["/BaseFont"]).split("+")[-1]
            fonts.add(name.removesuffix("-Bold").removesuffix("-Italic"))
    return fonts


def test_every_page_says_official_sensitive_in_one_typeface(org, ready, client_for):
    response = client_for(org.tariq).get(reverse("audits:pdf", args=[ready.pk]))
    reader = PdfReader(io.BytesIO(response.content))
    assert len(reader.pages) > 2
    for page in reader.pages:
        assert "OFFICIAL-SENSITIVE" in page.extract_text()
    assert pdf_fonts(response) == {"Liberation-Sans"}


def test_the_pdf_is_styled_under_the_production_static_settings(
    org, ready, client_for, settings, tmp_path
):
    # What the Dockerfile does: hashed file names, collected into STATIC_ROOT.
    settings.STATIC_ROOT = tmp_path
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"},
    }
    call_command("collectstatic", interactive=False, verbosity=0)
    settings.STATICFILES_DIRS = []  # only the collected files: nothing to find elsewhere
    response = client_for(org.tariq).get(reverse("audits:pdf", args=[ready.pk]))
    text = pdf_text(response)
    assert "OFFICIAL-SENSITIVE" in text  # the stylesheet's page header: it was applied
    assert pdf_fonts(response) == {"Liberation-Sans"}


def test_the_pdf_is_the_whole_record_follow_up_and_oversight_note_included(org, ready, client_for):
    audit = services.audit_complete(actor=org.tariq, audit=ready)
    services.follow_up_record(
        actor=org.tariq,
        audit=audit,
        progress={a.pk: ("in_progress", "Booked") for a in audit.actions.all()},
        action_taken="Network meeting booked",
        case_note="Spoke to Tom on 1 December",
    )
    services.oversight_note_record(
        actor=org.tom,
        audit=audit,
        discussion="Reviewed with Alice",
        case_direction="Safety plan first",
        timeframe="By Friday",
    )
    text = pdf_text(client_for(org.pat).get(reverse("audits:pdf", args=[audit.pk])))
    for shown in (
        "Spoke to Tom on 1 December",
        "Network meeting booked",
        "Safety plan first",
        "Practice observation (practice observation)",
        "My worker listens to me",  # a family statement's own words beside its score
        "The Inadequate outcome was sent on",
    ):
        assert shown in text, shown


def test_an_unchanged_record_is_not_drawn_twice_and_a_change_is_never_missed(
    org, fully_scored, client_for, monkeypatch
):
    from audits import pdf

    drawn = []
    real = pdf.render_pdf
    monkeypatch.setattr(pdf, "render_pdf", lambda *a: drawn.append(1) or real(*a))
    # Words no earlier run has used: the cache outlives a test run.
    services.area_score_save(
        actor=org.tariq, audit=fully_scored, area=6, version=1, data={"rationale": str(uuid4())}
    )
    client = client_for(org.tariq)
    url = reverse("audits:pdf", args=[fully_scored.pk])
    first = client.get(url).content
    assert client_for(org.pat).get(url).content == first  # the same record: the same file
    services.area_score_save(
        actor=org.tariq, audit=fully_scored, area=7, version=1,
        data={"worked_well": "Changed after the first download"},
    )  # fmt: skip
    changed = client.get(url)
    assert "Changed after the first download" in pdf_text(changed)
    assert len(drawn) == 2


def test_a_completed_audits_pdf_is_drawn_by_the_worker_before_its_first_download(
    org, ready, client_for, monkeypatch, django_capture_on_commit_callbacks
):
    from audits import pdf

    services.area_score_save(  # words no earlier run has used: the store outlives a test run
        actor=org.tariq, audit=ready, area=6, version=1, data={"rationale": str(uuid4())}
    )
    queued = []
    monkeypatch.setattr(pdf.draw_audit_pdf, "delay", queued.append)
    with django_capture_on_commit_callbacks(execute=True):
        services.audit_complete(actor=org.tariq, audit=ready)
    assert queued == [ready.pk]  # once the completion is committed
    assert pdf.draw_audit_pdf(ready.pk) is True  # what the worker runs
    drawn = []
    monkeypatch.setattr(pdf, "render_pdf", lambda *a: drawn.append(1) or b"%PDF-")
    response = client_for(org.tariq).get(reverse("audits:pdf", args=[ready.pk]))
    assert response.status_code == 200 and drawn == []  # served from the store
    assert pdf.draw_audit_pdf(10**9) is False  # an audit gone since: nothing to draw
