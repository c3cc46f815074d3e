"""The quarterly QA reports: listed by period, drafted on demand, written (autosaved) and
published by PSQA; read by the senior leadership team and service managers once published."""

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from bexley_qa.exports import csv_response, pdf_response
from bexley_qa.forms import post_form, posted
from bexley_qa.kept_pdfs import kept_pdf
from bexley_qa.pagination import paginate
from bexley_qa.versioning import saved_then, versioned_page

from ..analytics.access import can_see_analytics
from ..models import QAReport
from . import access, content, services
from . import highlights as hl
from .forms import NewReportForm, SectionsForm

REPORTS_PER_PAGE = 25


def _report(request: HttpRequest, pk: int) -> QAReport:
    return get_object_or_404(
        access.reports_visible_to(request.user).select_related("service"), pk=pk
    )


@require_GET
def report_list(request: HttpRequest) -> HttpResponse:
    access.can_list_reports.require(request.user)
    reports = access.reports_visible_to(request.user).select_related("service").defer("pdf")
    return render(
        request,
        "reporting/qa_reports/list.html",
        {"can_write": access.can_write_reports(request.user),
         **paginate(request, reports, per_page=REPORTS_PER_PAGE)},
    )  # fmt: skip


@require_http_methods(["GET", "POST"])
def new(request: HttpRequest) -> HttpResponse:
    access.can_write_reports.require(request.user)
    form = NewReportForm(posted(request))
    done = post_form(
        request,
        form,
        lambda: services.qa_report_draft(actor=request.user, **form.cleaned_data),
        success="The report is drafted with the period's figures. Write its sections, then publish it.",
        then=lambda report: report,
    )
    return done or render(request, "reporting/qa_reports/new.html", {"form": form})


@require_GET
def report(request: HttpRequest, pk: int) -> HttpResponse:
    qa_report = _report(request, pk)
    context = content.report_context(qa_report)
    if slug := request.GET.get("csv"):  # one of its tables
        for figure in [context["comparison"], *context["figures"]]:
            if figure.slug == slug:
                return csv_response(
                    f"qa-report-{qa_report.pk}-{slug}", figure.headers, figure.csv_rows()
                )
        raise Http404("No such table in this report")
    return render(
        request,
        "reporting/qa_reports/report.html",
        {
            **context,
            "can_write": access.can_write_reports(request.user),
            "can_see_analytics": can_see_analytics(request.user),
            "links": access.may_open_audits_behind(request.user, qa_report),
        },
    )


@require_http_methods(["GET", "POST"])
def write(request: HttpRequest, pk: int) -> HttpResponse:
    qa_report = _report(request, pk)
    access.can_write_reports.require(request.user)
    if qa_report.is_published and not (request.method == "POST" and request.htmx):
        messages.info(request, "The report is published: it is kept as it was published.")
        return redirect(qa_report)
    # An autosave after the report was published (in another tab) is answered in the page's
    # save status ("Not saved: the report is published..."), keeping what was typed.
    form = SectionsForm(posted(request), initial=SectionsForm.initial_from(qa_report))
    return versioned_page(
        request,
        form,
        save=lambda data, version: services.qa_report_save(
            actor=request.user, report=qa_report, data=data, version=version
        ),
        template="reporting/qa_reports/write.html",
        context={"report": qa_report, "form": form, "row": qa_report},
        saved=saved_then(request, "The report's sections are saved."),
    )


@require_http_methods(["GET", "POST"])
def publish(request: HttpRequest, pk: int) -> HttpResponse:
    qa_report = _report(request, pk)
    access.can_write_reports.require(request.user)
    if qa_report.is_published:
        messages.info(request, "The report is already published.")
        return redirect(qa_report)
    form = forms.Form(posted(request))
    done = post_form(
        request,
        form,
        lambda: services.qa_report_publish(actor=request.user, report=qa_report),
        success="The report is published and its readers are emailed a link.",
        then=lambda r: r,
    )
    return done or render(
        request, "reporting/qa_reports/publish.html", {"report": qa_report, "form": form}
    )


@require_GET
def pdf(request: HttpRequest, pk: int) -> HttpResponse:
    """The published PDF, as it was made (a draft has none yet: 404)."""
    qa_report = _report(request, pk)
    if not qa_report.is_published:
        raise Http404("A draft has no PDF until it is published")
    return pdf_response(kept_pdf(qa_report), f"qa-report-{qa_report.pk}")


class HighlightsForm(forms.Form):
    summary = forms.CharField(
        label="The highlights",
        help_text="The period's themes, learning and what is changing, for the Safeguarding "
        "Children Partnership, councillors and the Chief Executive. No names, case IDs, dates of "
        "birth or anything else that could identify a family or a member of staff.",
        widget=forms.Textarea(attrs={"rows": 10}),
        max_length=6000,
        error_messages={"required": "Write the highlights"},
    )


@require_http_methods(["GET", "POST"])
def highlights(request: HttpRequest, pk: int) -> HttpResponse:
    """A published report's de-identified highlights: PSQA write, check and release them; the
    report's readers read them once released."""
    qa_report = _report(request, pk)
    if not qa_report.is_published:
        raise Http404("Highlights are made from a published report")
    writer = access.can_write_reports(request.user)
    kept = getattr(qa_report, "highlights", None)
    if not writer and (kept is None or not kept.is_released):
        raise Http404("The highlights are not released yet")
    if request.method == "POST":
        access.can_write_reports.require(request.user)
    figure = hl.figures(qa_report)
    if request.GET.get("csv") == figure.slug:
        return csv_response(
            f"qa-report-{qa_report.pk}-highlights", figure.headers, figure.csv_rows()
        )
    the_highlights = kept or hl.highlights_of(qa_report)
    here = reverse("qa_reports:highlights", args=[qa_report.pk])
    form, refused = None, []
    if writer and not the_highlights.is_released:
        releasing = request.method == "POST" and "release" in request.POST
        initial = the_highlights.summary or "\n\n".join(
            filter(None, [qa_report.themes, qa_report.key_learning])
        )
        form = HighlightsForm(None if releasing else posted(request), initial={"summary": initial})
        if releasing:
            try:
                hl.highlights_release(actor=request.user, report=qa_report)
            except ValidationError as error:
                refused = error.messages
            else:
                messages.success(request, "The highlights are released: their PDF is kept.")
                return redirect(here)
        elif done := post_form(
            request,
            form,
            lambda: hl.highlights_save(
                actor=request.user, report=qa_report, summary=form.cleaned_data["summary"]
            ),
            success="The highlights are saved. Check them, then release them.",
            then=lambda _: here,
        ):
            return done
    return render(
        request,
        "reporting/qa_reports/highlights.html",
        {
            "report": qa_report,
            "highlights": the_highlights,
            "figure": figure,
            "form": form,
            "refused": refused,
        },
        status=400 if refused or (form is not None and form.errors) else 200,
    )


@require_GET
def highlights_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    qa_report = _report(request, pk)
    kept = getattr(qa_report, "highlights", None)
    if kept is None or not kept.is_released:
        raise Http404("The highlights are not released yet")
    return pdf_response(kept.pdf, f"qa-report-{qa_report.pk}-highlights")
