"""Moderation's pages: PSQA's sample (propose, add, allocate, remove), the moderator's form
(areas, comments, actions, grade, meeting, finalise), the manager's oversight note, and what
moderation tells us. Every page fetches through moderation/access.py (404 out of scope) and
every write goes through moderation/services.py."""

from collections.abc import Callable
from dataclasses import dataclass

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from audits.models import Audit
from audits.practice_areas import AREAS_BY_NUMBER, AreaKind
from audits.selectors import audit_named
from audits.workflow import DONE
from bexley_qa import workdays
from bexley_qa.exports import csv_response
from bexley_qa.forms import ReasonForm, post_form, posted
from bexley_qa.pagination import paginate
from bexley_qa.people.access import oversees_services
from bexley_qa.versioning import saved_then, versioned_page

from . import access, selectors, services
from .forms import (
    ActionReviewForm,
    AddForm,
    AdditionalActionForm,
    AllocateForm,
    AmendForm,
    CommentsForm,
    FinaliseForm,
    GradeForm,
    MeetingForm,
    OversightForm,
    SampleFilterForm,
    ScoreForm,
)
from .models import Moderation, Sample

PAGE_SIZE = 50


# PSQA: the sample -------------------------------------------------------------------------------


@require_GET
def sample(request: HttpRequest) -> HttpResponse:
    """The month's sample: proposed, allocated, overdue, finalised (PSQA; managers their scope)."""
    if not (access.can_manage_sample(request.user) or oversees_services(request.user)):
        raise Http404("No moderation sample in your scope")
    moderators = access.eligible_moderators_for_anyone()
    form = SampleFilterForm(request.GET or None, moderators=moderators)
    filters = form.cleaned_data if form.is_valid() else {}
    month = filters.get("month") or workdays.this_month()
    the_sample = Sample.objects.filter(month=month).first()
    rows = selectors.sample_rows(user=request.user, sample=the_sample, filters=filters)
    return render(
        request,
        "moderation/sample.html",
        {
            "form": form,
            "month": month,
            "sample": the_sample,
            **paginate(request, rows, per_page=PAGE_SIZE),
            "filtered": any(request.GET.get(k) for k in form.fields),
            "counts": selectors.sample_counts(the_sample, user=request.user),
            "can_manage": access.can_manage_sample(request.user),
            "can_read_insights": access.can_read_insights(request.user),
            "reads_moderations": not access.selects_moderations_only(request.user),
            "is_this_month": month == workdays.this_month(),
            "samples": Sample.objects.order_by("-month")[:12],
        },
    )


@require_POST
def propose(request: HttpRequest) -> HttpResponse:
    """Propose this month's sample now (it is also proposed on the month's first working day)."""
    access.can_manage_sample.require(request.user)
    the_sample, created = services.sample_propose(month=workdays.this_month(), actor=request.user)
    count = the_sample.moderations.count()
    if created:
        messages.success(request, f"{count} audits are proposed for {the_sample.month:%B %Y}.")
    else:
        messages.info(request, f"The sample for {the_sample.month:%B %Y} was already proposed.")
    return redirect("moderation:sample")


@require_http_methods(["GET", "POST"])
def add(request: HttpRequest) -> HttpResponse:
    """Add a completed audit to this month's sample, with a reason."""
    access.can_manage_sample.require(request.user)
    month = workdays.this_month()
    the_sample = Sample.objects.filter(month=month).first()
    if the_sample is None:
        messages.info(request, "Propose this month's sample first, then add to it.")
        return redirect("moderation:sample")
    form = AddForm(posted(request))

    def save():
        try:
            # Whoever manages the sample chooses from every completed audit (the framework's
            # monthly list of completed audits, PSQA's or their business support officer's).
            audit = audit_named(
                Audit.objects.filter(status__in=DONE),
                form.cleaned_data["audit"],
                what="completed audit",
            )
        except ValidationError as problem:
            raise ValidationError({"audit": problem.messages}) from None
        return services.moderation_add(
            actor=request.user, sample=the_sample, audit=audit, reason=form.cleaned_data["reason"]
        )

    if response := post_form(
        request,
        form,
        save,
        success=lambda m: f"The audit of case {m.audit.child.case_id} is added to the sample.",
        then="moderation:sample",
    ):
        return response
    return render(
        request,
        "moderation/add.html",
        {"form": form, "sample": the_sample},
        status=400 if request.method == "POST" else 200,
    )


@require_http_methods(["GET", "POST"])
def allocate(request: HttpRequest, pk: int) -> HttpResponse:
    """Allocate a moderation to an eligible moderator with a return date."""
    moderation = selectors.moderation_for(request, pk, may=access.can_change_in_sample)
    moderators = access.eligible_moderators_for(moderation.audit)
    initial = {
        "moderator": moderation.moderator_id,
        "return_date": moderation.return_date or services.default_return_date(),
    }
    form = AllocateForm(posted(request), moderators=moderators, initial=initial)
    if response := post_form(
        request,
        form,
        lambda: services.moderation_allocate(
            actor=request.user, moderation=moderation, **form.cleaned_data
        ),
        success=lambda m: (
            f"The audit of case {m.audit.child.case_id} is allocated to {m.moderator}, "
            f"due back on {m.return_date:%-d %B %Y}. They have been emailed."
        ),
        then="moderation:sample",
    ):
        return response
    return render(
        request,
        "moderation/allocate.html",
        {"form": form, "moderation": moderation, "audit": moderation.audit},
        status=400 if request.method == "POST" else 200,
    )


@require_http_methods(["GET", "POST"])
def remove(request: HttpRequest, pk: int) -> HttpResponse:
    """Take an audit out of the sample, with a reason (kept)."""
    moderation = selectors.moderation_for(request, pk, may=access.can_change_in_sample)
    form = ReasonForm(
        posted(request),
        label="Why remove it from the sample?",
        required_message="Enter why you are removing it",
        submit="Remove from the sample",
    )
    if response := post_form(
        request,
        form,
        lambda: services.moderation_remove(
            actor=request.user, moderation=moderation, reason=form.cleaned_data["reason"]
        ),
        success=lambda m: f"The audit of case {m.audit.child.case_id} is removed from the sample.",
        then="moderation:sample",
    ):
        return response
    return render(
        request,
        "moderation/remove.html",
        {"form": form, "moderation": moderation, "audit": moderation.audit},
        status=400 if request.method == "POST" else 200,
    )


# The moderation ----------------------------------------------------------------------------------


@require_GET
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The moderation's page: the audit's scores beside the moderator's, the tasks, the outcome."""
    moderation = selectors.moderation_for(request, pk)
    user = request.user
    can_moderate = access.can_moderate(user, moderation)
    audit_actions = selectors.audit_actions(moderation)
    return render(
        request,
        "moderation/detail.html",
        {
            "moderation": moderation,
            "audit": moderation.audit,
            "area_rows": selectors.area_rows(moderation),
            "tasks": selectors.tasks(
                moderation, can_moderate=can_moderate, actions_to_review=len(audit_actions)
            ),
            "audit_actions": audit_actions,
            "added_actions": selectors.moderation_actions(moderation),
            "problems": selectors.finalise_problems(moderation) if can_moderate else [],
            "can_moderate": can_moderate,
            "can_change": access.can_change_in_sample(user, moderation),
            "can_manage": access.can_manage_sample(user),
            "can_record_oversight": access.can_record_moderation_oversight(user, moderation),
            "can_amend": access.can_amend(user, moderation),
            "amendments": moderation.amendments.select_related("amended_by"),
            "sees_learning": moderation.audit.auditor_id == user.pk
            or access.is_psqa(user)
            or moderation.moderator_id == user.pk,
        },
    )


def _moderating(request: HttpRequest, pk: int) -> tuple[Moderation, bool]:
    """The moderation, and whether this user may change it: readers may look at a GET only."""
    moderation = selectors.moderation_for(request, pk)
    if request.method == "POST":
        access.can_moderate.require(request.user, moderation)
    return moderation, access.can_moderate(request.user, moderation)


@require_http_methods(["GET", "POST"])
def area(request: HttpRequest, pk: int, number: int) -> HttpResponse:
    """One practice area: the auditor's evidence and score, and the moderator's score and comment."""
    practice_area = AREAS_BY_NUMBER.get(number)
    if practice_area is None:
        raise Http404("No such practice area")
    moderation, editable = _moderating(request, pk)
    row = next((s for s in moderation.scores.all() if s.area == number), None)
    auditor_row = next((s for s in moderation.audit.area_scores.all() if s.area == number), None)
    form = ScoreForm(posted(request), initial=ScoreForm.initial_from(row))
    # The moderator's own score: never "Auditor rating", the name of the auditor's scale.
    form.fields["score"].label = (
        "Your score on the collaborative scale"
        if practice_area.kind == AreaKind.COLLABORATIVE
        else "Your rating, as moderator"
    )
    context = {
        "moderation": moderation,
        "audit": moderation.audit,
        "area": practice_area,
        "form": form,
        "row": row,
        "auditor_row": auditor_row,
        "editable": editable,
        "self_assessments": [s for s in moderation.audit.self_assessments.all() if s.is_submitted],
        "previous": AREAS_BY_NUMBER.get(number - 1),
        "next": AREAS_BY_NUMBER.get(number + 1),
    }

    def saved(row) -> HttpResponse:
        if "continue" in request.POST and context["next"]:
            return redirect("moderation:area", pk=moderation.pk, number=number + 1)
        messages.success(request, f"Practice area {number} is saved.")
        return redirect(moderation)

    return versioned_page(
        request,
        form,
        save=lambda data, version: services.moderation_score_save(
            actor=request.user, moderation=moderation, area=number, data=data, version=version
        ),
        template="moderation/area.html",
        context=context,
        saved=saved,
    )


def _versioned_page(request, pk, *, form_class, service, template, title, message, needs=None):
    """A page of the moderation saved as a whole (comments, grade, meeting), autosaved too."""
    moderation, editable = _moderating(request, pk)
    if needs is not None and not needs(moderation):
        raise Http404("This page is not part of this moderation")
    form = form_class(posted(request), initial=form_class.initial_from(moderation))
    context = {
        "moderation": moderation,
        "audit": moderation.audit,
        "form": form,
        "row": moderation,
        "editable": editable,
        "title": title,
    }
    return versioned_page(
        request,
        form,
        save=lambda data, version: service(
            actor=request.user, moderation=moderation, data=data, version=version
        ),
        template=template,
        context=context,
        saved=saved_then(request, message),
    )


@dataclass(frozen=True)
class Page:
    """A page of the moderation saved as a whole, autosaved as the moderator types."""

    form_class: type
    service: Callable
    title: str
    message: str
    template: str = "moderation/form_page.html"
    needs: Callable[[Moderation], bool] | None = None  # when the page is part of the moderation


PAGES = {
    "comments": Page(
        CommentsForm,
        services.moderation_comments_save,
        "Good practice and areas for development",
        "Your comments are saved.",
    ),
    "grade": Page(
        GradeForm,
        services.moderation_grade_save,
        "Your grade",
        "Your grade is saved.",
        template="moderation/grade.html",
    ),
    "meeting": Page(
        MeetingForm,
        services.moderation_meeting_save,
        "The meeting with the auditor",
        "The meeting, the agreed grade and the learning are saved.",
        needs=lambda m: m.disagrees,
    ),
}


@require_http_methods(["GET", "POST"])
def form_page(request: HttpRequest, pk: int, page: str) -> HttpResponse:
    spec = PAGES[page]
    return _versioned_page(
        request,
        pk,
        form_class=spec.form_class,
        service=spec.service,
        template=spec.template,
        title=spec.title,
        message=spec.message,
        needs=spec.needs,
    )


@require_http_methods(["GET", "POST"])
def actions(request: HttpRequest, pk: int) -> HttpResponse:
    """Whether each of the audit's actions was completed; and the moderator's own actions."""
    moderation, editable = _moderating(request, pk)
    form = ActionReviewForm(posted(request), actions=selectors.audit_actions(moderation))
    if response := post_form(
        request,
        form,
        lambda: services.action_reviews_save(
            actor=request.user, moderation=moderation, reviews=form.reviews()
        ),
        success="Your review of the actions is saved.",
        then=moderation,
    ):
        return response
    return render(
        request,
        "moderation/actions.html",
        {
            "moderation": moderation,
            "audit": moderation.audit,
            "form": form,
            "editable": editable,
            "added_actions": selectors.moderation_actions(moderation),
        },
        status=400 if request.method == "POST" else 200,
    )


@require_http_methods(["GET", "POST"])
def action_add(request: HttpRequest, pk: int) -> HttpResponse:
    """An additional action: it joins the audit's actions, marked as from moderation."""
    moderation = selectors.moderation_for(request, pk, may=access.can_moderate)
    form = AdditionalActionForm(posted(request))
    if response := post_form(
        request,
        form,
        lambda: services.moderation_action_add(
            actor=request.user, moderation=moderation, data=form.cleaned_data
        ),
        success="The action is added to the audit's actions.",
        then=lambda _: f"{moderation.get_absolute_url()}actions/",
    ):
        return response
    return _plain_page(request, moderation, form, "Add an action")


@require_http_methods(["GET", "POST"])
def finalise(request: HttpRequest, pk: int) -> HttpResponse:
    """Check and finalise: what is still missing, each linked; then the grade becomes final."""
    moderation = selectors.moderation_for(request, pk)
    if moderation.is_finalised:
        return redirect(moderation)
    access.can_moderate.require(request.user, moderation)
    form = FinaliseForm(posted(request))
    if response := post_form(
        request,
        form,
        lambda: services.moderation_finalise(
            actor=request.user, moderation=moderation, **form.cleaned_data
        ),
        success=lambda finalised: (
            f"The moderation is finalised. The audit's final grade is "
            f"{finalised.final_grade}: {finalised.final_band.label}."
        ),
        then=lambda finalised: finalised,
    ):
        return response
    return render(
        request,
        "moderation/finalise.html",
        {
            "moderation": moderation,
            "audit": moderation.audit,
            "form": form,
            "problems": selectors.finalise_problems(moderation),
        },
        status=400 if request.method == "POST" else 200,
    )


def _plain_page(request: HttpRequest, moderation: Moderation, form, title: str) -> HttpResponse:
    """A one-form page of the moderation, posted as a whole (shown again with errors: 400)."""
    return render(
        request,
        "moderation/form_page.html",
        {
            "moderation": moderation,
            "audit": moderation.audit,
            "form": form,
            "editable": True,
            "plain": True,
            "title": title,
        },
        status=400 if request.method == "POST" else 200,
    )


@require_http_methods(["GET", "POST"])
def amend(request: HttpRequest, pk: int) -> HttpResponse:
    """PSQA correct a finalised moderation's grade, with a reason (kept beside the original)."""
    moderation = selectors.moderation_for(request, pk, may=access.can_amend)
    form = AmendForm(posted(request))
    if response := post_form(
        request,
        form,
        lambda: services.moderation_amend(
            actor=request.user, moderation=moderation, **form.cleaned_data
        ),
        success=lambda a: f"The final grade is amended to {a.grade}: {a.band.label}.",
        then=moderation,
    ):
        return response
    return _plain_page(request, moderation, form, "Amend the moderated grade")


@require_http_methods(["GET", "POST"])
def oversight(request: HttpRequest, pk: int) -> HttpResponse:
    """The team manager's management oversight note on the finalised moderation."""
    moderation = selectors.moderation_for(request, pk, may=access.can_record_moderation_oversight)
    form = OversightForm(posted(request))
    if response := post_form(
        request,
        form,
        lambda: services.moderation_oversight_record(
            actor=request.user, moderation=moderation, **form.cleaned_data
        ),
        success="Your management oversight note is recorded.",
        then=moderation,
    ):
        return response
    return _plain_page(request, moderation, form, "Management oversight note")


# What moderation tells us ------------------------------------------------------------------------

GROUPS = {"auditor": "Auditor", "team": "Team", "service": "Service", "month": "Month"}


@require_GET
def insights(request: HttpRequest) -> HttpResponse:
    """Agreement rate and grade shift by auditor, team, service or month; where scores differ."""
    access.can_read_insights.require(request.user)
    group_by = request.GET.get("by", "auditor")
    if group_by not in GROUPS:
        group_by = "auditor"
    rows = selectors.insights(user=request.user, group_by=group_by)
    if request.GET.get("format") == "csv":
        return csv_response(
            f"moderation-by-{group_by}",
            [
                GROUPS[group_by],
                "Moderated",
                "Agreed",
                "Agreement %",
                "Grade raised",
                "Grade lowered",
            ],
            (
                [
                    r["label"],
                    r["moderated"],
                    r["agreed"],
                    r["agreement_percent"],
                    r["raised"],
                    r["lowered"],
                ]
                for r in rows
            ),
        )
    if request.GET.get("format") == "svg":
        from bexley_qa.charts import horizontal_bars_svg  # matplotlib loads only when drawn

        svg = horizontal_bars_svg(
            [r["label"] for r in rows],
            [r["agreement_percent"] for r in rows],
            maximum=100,
            step=10,
            axis_label="Moderations agreeing with the auditor's grade, %",
        )
        return HttpResponse(svg, content_type="image/svg+xml")
    return render(
        request,
        "moderation/insights.html",
        {
            "rows": rows,
            "group_by": group_by,
            "groups": GROUPS,
            "areas": selectors.area_differences(user=request.user)[:10],
            "sees_sample": access.can_manage_sample(request.user)
            or oversees_services(request.user),
        },
    )
