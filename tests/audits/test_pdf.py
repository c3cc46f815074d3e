import io

from django.urls import reverse
from pypdf import PdfReader

from audits import services


def pdf_text(response) -> str:
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
