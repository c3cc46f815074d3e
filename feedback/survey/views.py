"""The parent/carer survey's pages: the rounds, opening one, its call list and recording a call,
its results round on round, the write-up, publishing, and the PDFs."""

from django import forms
from django.contrib import messages
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from bexley_qa.exports import pdf_response
from bexley_qa.forms import post_form, posted
from bexley_qa.kept_pdfs import kept_pdf
from bexley_qa.pagination import paginate
from bexley_qa.people import readlog

from .. import statements as form_text
from ..models import CallOutcome, RoundStatus, SurveyRound
from . import access, reports, selectors, services
from .forms import CallForm, RoundForm, WriteUpForm


def _round(request: HttpRequest, pk: int) -> SurveyRound:
    return get_object_or_404(access.rounds_visible_to(request.user), pk=pk)


@require_GET
def index(request: HttpRequest) -> HttpResponse:
    access.can_read_results.require(request.user)
    rounds = (
        access.rounds_visible_to(request.user)
        .annotate(n=Count("responses"))
        .order_by("-opens_on", "-pk")
    )
    return render(
        request,
        "feedback/survey/index.html",
        paginate(request, rounds.defer("pdf"), per_page=20)
        | {"can_run": access.can_run_survey(request.user)},
    )


@require_http_methods(["GET", "POST"])
def new(request: HttpRequest) -> HttpResponse:
    access.can_run_survey.require(request.user)
    form = RoundForm(posted(request))
    saved = post_form(
        request,
        form,
        lambda: services.survey_round_open(
            actor=request.user,
            name=form.cleaned_data["name"],
            opens_on=form.cleaned_data["opens_on"],
            closes_on=form.cleaned_data["closes_on"],
            services=list(form.cleaned_data["services"]),
            statements=form.statements,
            families_per_team=form.cleaned_data["families_per_team"],
        ),
        success=lambda r: (
            f"{r.name} is open: {r.calls.count()} families are on the call list, and their "
            "workers are emailed to hand over the paper copy first."
        ),
        then=lambda r: r,
    )
    return saved or render(request, "feedback/survey/new.html", {"form": form})


@require_GET
def round_detail(request: HttpRequest, pk: int) -> HttpResponse:
    survey_round = _round(request, pk)
    services_rates, overall = selectors.response_rates(survey_round)
    context = {
        "survey_round": survey_round,
        "services": services_rates,
        "overall": overall,
        "can_run": access.can_run_survey(request.user),
        "outcomes": CallOutcome.choices,
    }
    if survey_round.is_open and context["can_run"]:
        calls = (
            access.calls_visible_to(request.user)
            .filter(round=survey_round)
            .select_related("child", "team", "worker")
        )
        outcome = request.GET.get("outcome", "")
        if outcome in CallOutcome.values:
            calls = calls.filter(outcome=outcome)
        context |= paginate(request, calls, per_page=50) | {"outcome": outcome}
    return render(request, "feedback/survey/round.html", context)


@require_http_methods(["GET", "POST"])
def call(request: HttpRequest, pk: int) -> HttpResponse:
    survey_call = get_object_or_404(
        access.calls_visible_to(request.user).select_related("round", "child", "team", "worker"),
        pk=pk,
    )
    readlog.viewed(request, child_id=survey_call.child_id)
    form = CallForm(
        posted(request), statements=survey_call.round.statements,
        initial={"phone": survey_call.phone},
    )  # fmt: skip
    saved = post_form(
        request,
        form,
        lambda: services.survey_call_record(
            actor=request.user,
            call=survey_call,
            outcome=form.cleaned_data["outcome"],
            ratings=form.ratings,
            comment=form.cleaned_data["comment"],
            one_thing=form.cleaned_data["one_thing"],
            anything_else=form.cleaned_data["anything_else"],
            phone=form.cleaned_data["phone"],
        ),
        success=lambda c: {
            CallOutcome.AGREED: "The call is recorded and their answers are saved, with no name.",
            CallOutcome.DECLINED: "The call is recorded as declined. Nothing they said is kept.",
            CallOutcome.NO_ANSWER: "The call is recorded as no answer: try them again later.",
        }[c.outcome],
        then=lambda c: c.round,
    )
    return saved or render(
        request,
        "feedback/survey/call.html",
        {
            "call": survey_call,
            "form": form,
            "script": form_text.SURVEY_CALL_SCRIPT,
            "consent": form_text.SURVEY_CONSENT,
        },
    )


@require_GET
def results(request: HttpRequest, pk: int) -> HttpResponse:
    survey_round = _round(request, pk)
    visible = access.rounds_visible_to(request.user)
    can_read_comments = access.can_read_comments(request.user)
    return render(
        request,
        "feedback/survey/results.html",
        reports.report_context(survey_round, visible)
        | {
            "can_read_comments": can_read_comments,
            "comments": selectors.comments(survey_round) if can_read_comments else [],
            "can_run": access.can_run_survey(request.user),
        },
    )


@require_http_methods(["GET", "POST"])
def write_up(request: HttpRequest, pk: int) -> HttpResponse:
    survey_round = _round(request, pk)
    access.can_run_survey.require(request.user)
    if survey_round.status != RoundStatus.CLOSED:
        messages.info(
            request,
            "The report is published: it is kept as it is."
            if survey_round.is_published
            else "Write the recommendations once the round has closed.",
        )
        return redirect("survey:results", survey_round.pk)
    form = WriteUpForm(posted(request), initial=WriteUpForm.initial_from(survey_round))
    saved = post_form(
        request,
        form,
        lambda: services.survey_round_write_up(
            actor=request.user, survey_round=survey_round, **form.cleaned_data
        ),
        success="The recommendations and actions are saved.",
        then=lambda r: reverse("survey:results", args=[r.pk]),
    )
    return saved or render(
        request, "feedback/survey/write_up.html", {"survey_round": survey_round, "form": form}
    )


def _confirmed(request, survey_round: SurveyRound, template: str, act, success: str):
    """A confirmation page; posting it calls `act()` (a refusal is shown on the page)."""
    access.can_run_survey.require(request.user)
    form = forms.Form(posted(request))
    done = post_form(
        request, form, act, success=success, then=reverse("survey:results", args=[survey_round.pk])
    )
    return done or render(request, template, {"survey_round": survey_round, "form": form})


@require_http_methods(["GET", "POST"])
def publish(request: HttpRequest, pk: int) -> HttpResponse:
    survey_round = _round(request, pk)
    return _confirmed(
        request,
        survey_round,
        "feedback/survey/publish.html",
        lambda: services.survey_round_publish(actor=request.user, survey_round=survey_round),
        "The report is published and the senior managers are emailed a link.",
    )


@require_http_methods(["GET", "POST"])
def close(request: HttpRequest, pk: int) -> HttpResponse:
    survey_round = _round(request, pk)
    return _confirmed(
        request,
        survey_round,
        "feedback/survey/close.html",
        lambda: services.survey_round_close_now(actor=request.user, survey_round=survey_round),
        "The round is closed and its call list deleted. Write the recommendations, then publish.",
    )


@require_GET
def report(request: HttpRequest, pk: int) -> HttpResponse:
    """The published report as it was made; PSQA may download a draft of a closed round."""
    survey_round = _round(request, pk)
    access.can_read_comments.require(request.user)
    if survey_round.is_published:
        return pdf_response(kept_pdf(survey_round), f"parent-carer-survey-{survey_round.pk}")
    access.can_run_survey.require(request.user)
    return pdf_response(
        reports.report_pdf(survey_round), f"parent-carer-survey-{survey_round.pk}-draft"
    )


@require_GET
def printable(request: HttpRequest, pk: int) -> HttpResponse:
    access.can_print_survey.require(request.user)
    survey_round = get_object_or_404(SurveyRound, pk=pk)
    return pdf_response(
        reports.printable_pdf(survey_round), f"parent-carer-survey-{survey_round.pk}-paper"
    )
