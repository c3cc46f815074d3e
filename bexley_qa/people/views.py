import json

from django.core.serializers.json import DjangoJSONEncoder
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.views.decorators.http import require_GET

from ..pagination import paginate
from ..panels import CHILD, panels_for
from . import access, lookup, pickers, readlog, records, selectors
from .forms import ChildLookupForm, ChildSearchForm

CHILDREN_PER_PAGE = 25


@require_GET
def person_search(request: HttpRequest, pool: str) -> JsonResponse:
    """The people of a picker's pool matching what is typed (bexley_qa/people/pickers.py): the
    first few by name, each with what tells them apart."""
    from ..forms import person_detail

    if pool not in pickers.POOLS:
        raise Http404
    key, query = request.GET.get("for", ""), request.GET.get("q", "")[:100]
    if "\x00" in key + query:  # PostgreSQL refuses it in text: a 400, not a 500
        return JsonResponse(
            {"people": [], "error": "Type letters, not control characters"}, status=400
        )
    readlog.not_a_record(request)
    people = pickers.POOLS[pool](request, key).filter(is_superuser=False)
    found = pickers.matching(people, query).select_related("team__service")[: pickers.SUGGESTIONS]
    return JsonResponse(
        {
            "people": [
                {"value": str(person.pk), "name": str(person), "detail": person_detail(person)}
                for person in found
            ]
        }
    )


@require_GET
def child_list(request: HttpRequest) -> HttpResponse:
    """The children in the user's scope; business support get a lookup for allocation instead."""
    user = request.user
    if not access.can_open_case_files(user) and access.can_look_up_children_for_allocation(user):
        return _child_lookup(request)
    access.can_open_case_files.require(user)

    form = ChildSearchForm(request.GET or None, teams=selectors.teams_for_filter(user=user))
    form.is_valid()  # a filter that is wrong is shown as an error; the others still apply
    filters = getattr(form, "cleaned_data", {})
    children = selectors.child_list(
        user=user,
        search=filters.get("q", ""),
        team=filters.get("team"),
        plan_type=filters.get("plan_type", ""),
    )
    return render(
        request,
        "people/child_list.html",
        {
            "form": form,
            "filtered": any(filters.values()),
            **paginate(request, children, per_page=CHILDREN_PER_PAGE),
        },
    )


def _child_lookup(request: HttpRequest) -> HttpResponse:
    form = ChildLookupForm(request.GET or None)
    children = None
    if form.is_valid():
        children = list(
            selectors.child_lookup(user=request.user, search=form.cleaned_data["q"])[
                :CHILDREN_PER_PAGE
            ]
        )
        notes = lookup.notes_for(children)
        for child in children:
            child.lookup_note = notes.get(child.pk, "")
    return render(request, "people/child_lookup.html", {"form": form, "children": children})


@require_GET
def child_detail(request: HttpRequest, case_id: str) -> HttpResponse:
    child = get_object_or_404(
        access.children_visible_to(request.user).select_related(
            "team__service", "allocated_worker", "staying_together_worker"
        ),
        case_id=case_id,
    )
    readlog.viewed(request, child_id=child.pk)
    panels, context = panels_for(CHILD, request.user, child=child)
    return render(
        request,
        "people/child_detail.html",
        {
            **context,
            "child": child,
            "age": child.age_on(timezone.localdate()),
            "panels": panels,
            "can_keep_records": access.can_keep_records(request.user),
        },
    )


@require_GET
def child_record_log(request: HttpRequest, case_id: str) -> HttpResponse:
    """For PSQA: who has looked at this child's records, and every change to the child's record."""
    child = get_object_or_404(access.children_visible_to(request.user), case_id=case_id)
    access.can_keep_records.require(request.user)
    views = child.record_views.select_related("user").order_by("-at", "-pk")
    return render(
        request,
        "people/child_record_log.html",
        {
            "child": child,
            "changes": selectors.child_changes(child),
            **paginate(request, views, per_page=50),
        },
    )


@require_GET
def subject_access(request: HttpRequest, case_id: str, format: str) -> HttpResponse:
    """For PSQA: everything held about one child, as JSON or a PDF (a subject access request).
    The read log records who produced it."""
    child = get_object_or_404(access.children_visible_to(request.user), case_id=case_id)
    if format not in ("json", "pdf"):
        raise Http404("A subject access export is JSON or PDF")
    access.can_keep_records.require(request.user)
    readlog.viewed(request, child_id=child.pk)
    name = f"subject-access-{child.case_id}-{timezone.localdate():%Y-%m-%d}"
    if format == "json":
        data = records.subject_access(child)
        response = HttpResponse(
            json.dumps(data, cls=DjangoJSONEncoder, indent=2), content_type="application/json"
        )
    else:
        from ..pdf import render_pdf  # WeasyPrint loads only when a PDF is asked for

        response = HttpResponse(
            render_pdf(
                "people/subject_access_pdf.html",
                {
                    "child": child,
                    "pack": records.subject_access_pack(child),
                    "produced_at": timezone.now(),
                    "produced_by": request.user,
                },
            ),
            content_type="application/pdf",
        )
    response["Content-Disposition"] = f'attachment; filename="{name}.{format}"'
    return response
