"""Steps 3 and 4: the audit's page (its task list and history), Section 1, the 19 practice areas,
the overall grade, and the whole audit as a PDF."""

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from bexley_qa.exports import pdf_response
from bexley_qa.forms import posted
from bexley_qa.pagination import paginate
from bexley_qa.panels import AUDIT, panels_for
from bexley_qa.versioning import saved_then, versioned_page, versioned_post
from bexley_qa.workflow import CANNOT_START, NOT_STARTED, TaskStatus, done, task_status

from .. import access, contributions, selectors, services
from ..forms import AreaScoreForm, GradeForm, MeetingForm, Section1Form
from ..practice_areas import AREA_COUNT, AREAS_BY_NUMBER


@require_GET
def changes(request: HttpRequest, pk: int) -> HttpResponse:
    """Every change to the audit, who made it and from what to what (the change history)."""
    audit = selectors.audit_for(request, pk)
    return render(
        request,
        "audits/changes.html",
        {"audit": audit, **paginate(request, selectors.audit_changes(audit), per_page=50)},
    )


@require_GET
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The audit's task list, self-assessments and history."""
    audit = selectors.audit_for(request, pk)
    user = request.user
    rows = selectors.area_rows(audit)
    follow_up = getattr(audit, "follow_up", None)
    sections = [
        (section, section.tasks(audit))
        for section in contributions.sections()
        if section.on_task_list
    ]
    panels, panel_context = panels_for(AUDIT, user, audit=audit)
    return render(
        request,
        "audits/detail.html",
        {
            **panel_context,
            "panels": panels,
            "audit": audit,
            "health_check": rows[:5],
            "section_4": rows[5:],
            **contributions.around_the_outcome(sections),
            "self_assessments": selectors.self_assessment_rows(audit),
            "self_assessed_scales": selectors.self_assessed_scales(audit),
            "area_rows": rows,
            "area_count": AREA_COUNT,
            "ready_to_grade": audit.ready_to_grade,
            "section_1_status": task_status(finished=bool(audit.section_1_confirmed_at)),
            "not_started": NOT_STARTED,
            "grade_status": task_status(finished=audit.grade is not None)
            if audit.ready_to_grade or audit.grade is not None
            else CANNOT_START,
            "actions_status": task_status(finished=bool(audit.action_count)),
            "outcome_status": task_status(finished=bool(audit.outcome_sent_at)),
            "follow_up_status": task_status(finished=bool(follow_up and follow_up.done_at)),
            "follow_up_due": f"{follow_up.due_date:%-d %B %Y}" if follow_up else "",
            "oversight_status": task_status(finished=bool(getattr(audit, "oversight_note", None))),
            "service_manager_review_status": review_status(audit.service_manager_review),
            "sm_review_due": f"{audit.service_manager_review_due:%-d %B %Y}"
            if audit.outcome_sent_at
            else "",
            "close_off_status": review_status(audit.close_off),
            "can_edit": access.can_edit_audit(user, audit),
            "recent_observations": selectors.recent_observations(audit)
            if access.can_edit_audit(user, audit)
            else None,
            "can_book_meeting": access.can_book_meeting(user, audit),
            "can_grade": access.can_grade(user, audit),
            "can_complete": access.can_complete(user, audit),
            "can_send_outcome": access.can_send_outcome(user, audit),
            "self_assessment_to_do": access.can_self_assess(user, audit)
            and not any(s.author_id == user.pk and s.is_done for s in audit.self_assessments.all()),
            "can_cancel": access.can_cancel_audit(user, audit),
            "meeting_form": MeetingForm(initial={"meeting_date": audit.meeting_date}),
        },
    )


def review_status(review) -> TaskStatus:
    """A manager's review on the task list: satisfied (done), not satisfied yet, or not started."""
    if review is None:
        return NOT_STARTED
    tag = review.status_tag
    return done(tag.label) if review.satisfied else TaskStatus(tag.label, tag.colour)


def _editable_for_post(request: HttpRequest, pk: int):
    """The audit, and whether this user may change it: a reader may look, only the auditor post."""
    audit = selectors.audit_for(request, pk)
    if request.method == "POST":
        access.can_edit_audit.require(request.user, audit)
    return audit, access.can_edit_audit(request.user, audit)


@require_http_methods(["GET", "POST"])
def section_1(request: HttpRequest, pk: int) -> HttpResponse:
    """Section 1: case demographics, dates and the practice observation."""
    audit, editable = _editable_for_post(request, pk)
    form = Section1Form(posted(request), initial=Section1Form.initial_from(audit))
    return versioned_page(
        request,
        form,
        save=lambda data, version: services.audit_section_1_save(
            actor=request.user, audit=audit, data=data, version=version
        ),
        template="audits/section_1.html",
        context={"audit": audit, "form": form, "editable": editable},
        saved=saved_then(request, "Section 1 is saved.", audit),
    )


@require_http_methods(["GET", "POST"])
def area(request: HttpRequest, pk: int, number: int) -> HttpResponse:
    """One practice area: statement, scaling question, the practitioners' own scores, the fields."""
    practice_area = AREAS_BY_NUMBER.get(number)
    if practice_area is None:
        raise Http404("No such practice area")
    audit, editable = _editable_for_post(request, pk)
    row = next((s for s in audit.area_scores.all() if s.area == number), None)
    form = AreaScoreForm(
        posted(request),
        initial=AreaScoreForm.initial_from(row),
        practice_area=practice_area,
    )
    context = {
        "audit": audit,
        "area": practice_area,
        "form": form,
        "row": row,
        "editable": editable,
        "self_assessments": [s for s in audit.self_assessments.all() if s.is_submitted],
        "previous": AREAS_BY_NUMBER.get(number - 1),
        "next": AREAS_BY_NUMBER.get(number + 1),
    }

    def saved(row) -> HttpResponse:
        if "continue" in request.POST and context["next"]:
            return redirect("audits:area", pk=audit.pk, number=number + 1)
        messages.success(request, f"Practice area {number} is saved.")
        return redirect(audit)

    return versioned_page(
        request,
        form,
        save=lambda data, version: services.area_score_save(
            actor=request.user, audit=audit, area=number, data=data, version=version
        ),
        template="audits/area.html",
        context=context,
        saved=saved,
    )


@require_http_methods(["GET", "POST"])
def grade(request: HttpRequest, pk: int) -> HttpResponse:
    """Section 6: the overall grade, once all 19 areas are scored."""
    audit = selectors.audit_for(request, pk, may=access.can_grade)
    form = GradeForm(posted(request), initial=GradeForm.initial_from(audit))
    context = {
        "audit": audit,
        "form": form,
        "ready": audit.ready_to_grade,
        "area_count": AREA_COUNT,
        "area_rows": selectors.area_rows(audit),
        "self_assessed_scales": selectors.self_assessed_scales(audit),
    }
    if request.method != "POST":
        return render(request, "audits/grade.html", context)

    def saved(graded) -> HttpResponse:
        messages.success(request, f"The audit is graded {graded.grade}: {graded.band.label}.")
        return redirect(graded)

    return versioned_post(
        request,
        form,
        save=lambda data, version: services.audit_grade(
            actor=request.user, audit=audit, version=version, **data
        ),
        template="audits/grade.html",
        context=context,
        saved=saved,
    )


@require_GET
def scores_chart(request: HttpRequest, pk: int) -> HttpResponse:
    """The 19 areas' scores as a bar chart (SVG), the practitioners' own scaling marked on it;
    the audit page shows the same figures in a table."""
    from bexley_qa.charts import horizontal_bars_svg  # matplotlib loads only when drawn

    audit = selectors.audit_for(request, pk, logged=False)  # the audit's page logged the read
    rows = selectors.area_rows(audit)
    svg = horizontal_bars_svg(
        [f"{row.area.number}. {row.area.short_title}" for row in rows],
        [row.score.score if row.score else None for row in rows],
        maximum=10,
        axis_label="Score, 0 to 10",
        markers=selectors.self_assessed_scales(audit),
    )
    return HttpResponse(svg, content_type="image/svg+xml")


@require_GET
def pdf(request: HttpRequest, pk: int) -> HttpResponse:
    """The whole audit as a PDF, in the form's section order, for the child's file."""
    from ..pdf import render_audit_pdf  # WeasyPrint loads only when a PDF is asked for

    audit = selectors.audit_for(request, pk)
    return pdf_response(render_audit_pdf(audit), f"audit-{audit.child.case_id}-{audit.pk}")
