"""Where a signed-in request's time goes, for `make benchmark PROFILE=1`.

Each middleware, the view and the templates are timed as segments of the request: a segment's
own time leaves out the segments inside it, and the queries run while it is the innermost are
counted apart (time in Redis, for the session, is in the own time of whoever first reads the
session). Measured through Django's own handler (the test client), wrapping each middleware's
`get_response` once the chain is built; nothing in the app changes.
"""

import time
from collections import defaultdict
from contextlib import contextmanager

from django.db import connection


class Segments:
    """Own time, query time and query count per named segment, over many requests."""

    def __init__(self):
        self.stack: list[list] = []
        self.own = defaultdict(float)
        self.db = defaultdict(float)
        self.queries = defaultdict(int)
        self.order: list[str] = []

    @contextmanager
    def segment(self, name: str):
        if name not in self.order:
            self.order.append(name)
        started = time.perf_counter()
        self.stack.append([name, 0.0])
        try:
            yield
        finally:
            name, inside = self.stack.pop()
            elapsed = time.perf_counter() - started
            self.own[name] += elapsed - inside
            if self.stack:
                self.stack[-1][1] += elapsed

    def query(self, execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            name = self.stack[-1][0] if self.stack else "outside a request"
            self.db[name] += time.perf_counter() - started
            self.queries[name] += 1

    def rows(self, requests: int) -> list[tuple[str, float, float, float]]:
        """(segment, own ms without queries, query ms, queries) per request, in request order."""
        return [
            (
                name,
                (self.own[name] - self.db[name]) * 1000 / requests,
                self.db[name] * 1000 / requests,
                self.queries[name] / requests,
            )
            for name in self.order
        ]


def instrument(client, segments: Segments) -> None:
    """Time each middleware of this test client's handler, the view and the templates. Call
    after one request has been made (the chain is built on the first)."""
    from django.template.backends.django import Template

    handler = client.handler

    def timed(name, get_response):
        def call(request):
            with segments.segment(name):
                return get_response(request)

        return call

    def replace_chain(wrapped):
        handler._middleware_chain = wrapped

    replace = replace_chain
    link = handler._middleware_chain
    while True:
        middleware = getattr(link, "__wrapped__", None)
        following = getattr(middleware, "get_response", None)
        if following is None:  # the chain's end: resolving the URL and calling the view
            replace(timed("the view (and queries it runs)", link))
            break
        replace(timed(f"{type(middleware).__module__}.{type(middleware).__name__}", link))

        def replace(wrapped, middleware=middleware):
            middleware.get_response = wrapped

        link = following

    if not getattr(Template.render, "timed", False):
        original = Template.render
        depth = {"n": 0}

        def render(self, *args, **kwargs):
            if depth["n"]:
                return original(self, *args, **kwargs)
            depth["n"] += 1
            try:
                with CURRENT["segments"].segment("templates (and queries they run)"):
                    return original(self, *args, **kwargs)
            finally:
                depth["n"] -= 1

        render.timed = True
        Template.render = render
    CURRENT["segments"] = segments
    connection.execute_wrappers.append(segments.query)


def uninstrument(segments: Segments) -> None:
    connection.execute_wrappers.remove(segments.query)


CURRENT: dict = {}
