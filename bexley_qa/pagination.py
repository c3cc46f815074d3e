from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpRequest


def paginate(request: HttpRequest, items: QuerySet, *, per_page: int) -> dict:
    """Template context for includes/pagination.html: the page, its numbers and the filters."""
    paginator = Paginator(items, per_page)
    page = paginator.get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return {
        "page": page,
        "page_numbers": paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1),
        "query_string": query.urlencode(),
    }
