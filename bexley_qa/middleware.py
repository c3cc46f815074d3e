"""Middleware of our own: only what no Django setting or listed library does."""

from django.utils.cache import add_never_cache_headers


class NoStoreForSignedInMiddleware:
    """Nothing shown to a signed-in person is kept by a browser or a proxy: every page, PDF and
    CSV may hold a child's details, and a shared council computer's back button or disk cache must
    not give them to the next person. Static files never reach here (WhiteNoise answers first)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.user.is_authenticated:
            add_never_cache_headers(response)
        return response


class ShedLoadMiddleware:
    """Past saturation, answer at once instead of queueing without limit, so the people already
    being served keep their speed: at most SERVER_CONCURRENCY requests run at once in a process
    (gunicorn's threads wait their turn here); a request that has waited SHED_AFTER_SECONDS is
    answered 503 with the GOV.UK "service busy" page and Retry-After. An autosave answered so is
    tried again by the page (static/app.js), keeping what was typed. The health check is never
    shed (an orchestrator would restart a busy server)."""

    def __init__(self, get_response):
        import threading

        from django.conf import settings

        self.get_response = get_response
        self.slots = threading.BoundedSemaphore(settings.SERVER_CONCURRENCY)
        self.wait = float(settings.SHED_AFTER_SECONDS)

    def __call__(self, request):
        if request.path == "/healthz" or not self.slots.acquire(timeout=self.wait):
            if request.path == "/healthz":
                return self.get_response(request)
            return busy(request)
        try:
            return self.get_response(request)
        finally:
            self.slots.release()


BUSY_RETRY_SECONDS = 10


def busy(request):
    from django.shortcuts import render

    response = render(request, "busy.html", status=503)
    response["Retry-After"] = str(BUSY_RETRY_SECONDS)
    return response


class MethodNotAllowedPageMiddleware:
    """A 405 (a form's address opened from a bookmark, say) gets a GOV.UK page saying what to do,
    not Django's empty response; the Allow header is kept."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code == 405 and not response.content:
            from .views import _error_page

            page = _error_page(request, "405.html", 405)
            if "Allow" in response:
                page["Allow"] = response["Allow"]
            return page
        return response
