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
