"""Practice Week's pages: the weeks and their reports, scheduling, the week (its audits and
observations), bulk allocation, recording an observation, the report, partner professionals."""

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from bexley_qa.exports import pdf_response
from bexley_qa.forms import apply_errors, post_form, posted
from bexley_qa.kept_pdfs import kept_pdf
from bexley_qa.pagination import paginate
from bexley_qa.people import lines

from ..access import audits_visible_to
from ..models import Audit, AuditStatus, PracticeWeek
from ..selectors import audit_for
from . import access, selectors, services
from .forms import (
    AuditorsForm,
    ObservationForm,
    PartnerContactForm,
    ProposalForm,
    ScheduleForm,
    WriteUpForm,
)

OWN_OBSERVATIONS_SHOWN = 20


def _week(request: HttpRequest, pk: int) -> PracticeWeek:
    return get_object_or_404(access.weeks_led_by(request.user), pk=pk)


@require_GET
def index(request: HttpRequest) -> HttpResponse:
    access.can_read_reports.require(request.user)
    leads = access.can_lead(request.user)
    weeks = (access.weeks_led_by if leads else access.published_weeks_for)(request.user)
    weeks = (
        weeks.defer("pdf")
        .annotate(n=Count("audits", filter=~Q(audits__status=AuditStatus.CANCELLED), distinct=True))
        .order_by("-starts_on")
    )
    return render(
        request,
        "audits/practice_week/index.html",
        paginate(request, weeks, per_page=20)
        | {
            "leads": leads,
            "can_observe": access.can_record_observation(request.user),
            # The leads find every observation on its week's page; anyone else their own here.
            "observations": []
            if leads
            else access.observations_visible_to(request.user).select_related(
                "observer", "observed"
            )[:OWN_OBSERVATIONS_SHOWN],
        },
    )


@require_http_methods(["GET", "POST"])
def schedule(request: HttpRequest) -> HttpResponse:
    access.can_lead.require(request.user)
    form = ScheduleForm(posted(request))
    saved = post_form(
        request,
        form,
        lambda: services.practice_week_schedule(actor=request.user, **form.cleaned_data),
        success=lambda w: f"{w} is scheduled. Next, allocate its audits.",
        then=lambda w: w,
    )
    return saved or render(request, "audits/practice_week/schedule.html", {"form": form})


@require_GET
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    week = _week(request, pk)
    audits = (
        Audit.objects.filter(practice_week=week)
        .select_related("child", "team", "auditor")
        .order_by("team__name", "child__case_id")
    )
    return render(
        request,
        "audits/practice_week/detail.html",
        {
            "week": week,
            "results": selectors.results(week),
            "audits": audits,
            "observations": week.observations.select_related(
                "observer", "observed", "audit__child"
            ),
        },
    )


@require_http_methods(["GET", "POST"])
def allocate(request: HttpRequest, pk: int) -> HttpResponse:
    """Choose who takes part, see the proposed allocation, adjust it, confirm it (all or none)."""
    week = _week(request, pk)
    if week.is_published:
        messages.info(request, "The week's report is published: allocate no more audits to it.")
        return redirect(week)
    step = request.POST.get("step", "")
    if step == "confirm":
        form = _proposal_form(request)
        if form.is_valid():
            try:
                allocated = services.practice_week_allocate(
                    actor=request.user, week=week, pairs=form.pairs
                )
            except ValidationError as error:
                apply_errors(form, error)
            else:
                messages.success(
                    request,
                    f"{len(allocated)} audits are allocated for {week}. Each auditor and "
                    "each case's worker and manager are emailed.",
                )
                return redirect(week)
        return _show_proposal(request, week, form)
    form = AuditorsForm(request.POST if step == "propose" else None)
    if form.is_valid():
        auditors = list(form.cleaned_data["auditors"])
        pairs = selectors.proposal(auditors=auditors, per_auditor=form.cleaned_data["per_auditor"])
        proposal = ProposalForm(
            children=[child for child, _ in pairs],
            auditors=auditors,
            proposed={child.pk: auditor.pk for child, auditor in pairs},
        )
        return _show_proposal(
            request, week, proposal, wanted=len(auditors) * form.cleaned_data["per_auditor"]
        )
    return render(request, "audits/practice_week/allocate.html", {"week": week, "form": form})


def _ids(value: str) -> list[int]:
    try:
        return [int(part) for part in value.split(",") if part]
    except ValueError:
        raise Http404("Not a proposal") from None


def _proposal_form(request: HttpRequest) -> ProposalForm:
    """The proposal as posted: its cases and auditors read again from the database."""
    child_ids = _ids(request.POST.get("children", ""))
    auditor_ids = _ids(request.POST.get("auditors", ""))
    children = (
        selectors.eligible_children()
        .filter(pk__in=child_ids)
        .select_related("team", "allocated_worker")
    )
    auditors = lines.staff_in(lines.PRACTICE_WEEK_AUDITORS).filter(pk__in=auditor_ids)
    children = sorted(children, key=lambda c: child_ids.index(c.pk))
    return ProposalForm(request.POST, children=children, auditors=list(auditors))


def _show_proposal(request, week, form: ProposalForm, wanted: int | None = None) -> HttpResponse:
    return render(
        request,
        "audits/practice_week/proposal.html",
        {"week": week, "form": form, "wanted": wanted},
    )


@require_http_methods(["GET", "POST"])
def observation_new(request: HttpRequest) -> HttpResponse:
    access.can_record_observation.require(request.user)
    week_pk = request.GET.get("week", "")
    week = PracticeWeek.objects.filter(pk=week_pk).first() if week_pk.isdigit() else None
    observers = access.observers_for(request.user)
    audits = (
        audits_visible_to(request.user)
        .filter(practice_week__isnull=False)
        .exclude(status=AuditStatus.CANCELLED)
        .select_related("child", "team", "auditor")
        .order_by("-allocated_at")
    )
    form = ObservationForm(
        posted(request),
        audits=audits,
        observers=observers,
        initial={"practice_week": week, "observer": request.user},
    )
    saved = post_form(
        request,
        form,
        lambda: services.observation_record(
            actor=request.user,
            week=form.cleaned_data.pop("practice_week"),
            audit=form.cleaned_data.pop("audit"),
            **form.cleaned_data,
        ),
        success="The observation is recorded. The person observed can read it.",
        # The leads go on with the week; anyone else sees what they recorded.
        then=lambda o: o.practice_week if access.can_lead(request.user) and o.practice_week else o,
    )
    return saved or render(request, "audits/practice_week/observation_new.html", {"form": form})


@require_GET
def observation(request: HttpRequest, pk: int) -> HttpResponse:
    found = get_object_or_404(
        access.observations_visible_to(request.user).select_related(
            "observer", "observed", "recorded_by", "practice_week", "audit__child"
        ),
        pk=pk,
    )
    readable = found.audit_id and audits_visible_to(request.user).filter(pk=found.audit_id).exists()
    return render(
        request,
        "audits/practice_week/observation.html",
        {"observation": found, "audit_readable": readable, "leads": access.can_lead(request.user)},
    )


@require_http_methods(["GET", "POST"])
def report(request: HttpRequest, pk: int) -> HttpResponse:
    """The report's words, drafted from the week's audits and observations, finished by the leads."""
    week = _week(request, pk)
    if week.is_published:
        messages.info(request, "The report is published: it is kept as it is.")
        return redirect(week)
    initial = WriteUpForm.initial_from(week)
    if not (week.key_learning or week.working_well or week.areas_of_development):
        initial |= selectors.draft(week)
    form = WriteUpForm(posted(request), initial=initial)
    saved = post_form(
        request,
        form,
        lambda: services.practice_week_write_up(actor=request.user, week=week, **form.cleaned_data),
        success="The report is saved. Publish it when it is finished.",
        then=lambda w: w,
    )
    return saved or render(
        request,
        "audits/practice_week/report.html",
        {"week": week, "form": form, "results": selectors.results(week)},
    )


@require_http_methods(["GET", "POST"])
def publish(request: HttpRequest, pk: int) -> HttpResponse:
    week = _week(request, pk)
    form = forms.Form(posted(request))
    done = post_form(
        request,
        form,
        lambda: services.practice_week_publish(actor=request.user, week=week),
        success="The report is published. Practitioners, managers and senior leaders are "
        "emailed a link.",
        then=week,
    )
    return done or render(
        request, "audits/practice_week/publish.html", {"week": week, "form": form}
    )


@require_GET
def pdf(request: HttpRequest, pk: int) -> HttpResponse:
    """The published report as it was made; the leads may download a draft before."""
    week = get_object_or_404(PracticeWeek, pk=pk)
    if week.is_published and access.can_read_reports(request.user):
        body, name = kept_pdf(week), f"practice-week-{week.starts_on:%Y-%m-%d}"
    elif access.can_lead(request.user):
        from .reports import report_pdf

        body, name = report_pdf(week), f"practice-week-{week.starts_on:%Y-%m-%d}-draft"
    else:
        raise Http404("No Practice Week report for you")
    return pdf_response(body, name)


@require_http_methods(["GET", "POST"])
def partners(request: HttpRequest, pk: int) -> HttpResponse:
    """A multi-agency audit's partner professionals: the auditor adds them while it is open."""
    audit = audit_for(request, pk, may=access.can_record_partner_contact)
    form = PartnerContactForm(posted(request))
    saved = post_form(
        request,
        form,
        lambda: services.partner_contact_add(actor=request.user, audit=audit, **form.cleaned_data),
        success="The partner professional is added.",
        then=lambda c: reverse("audits:detail", args=[audit.pk]) + "#partner-professionals",
    )
    return saved or render(
        request,
        "audits/practice_week/partners.html",
        {"audit": audit, "form": form, "contacts": audit.partner_contacts.all()},
    )
