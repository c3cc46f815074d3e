"""Browser tests: Playwright drives Debian's Chromium against a live server.

Every page checked through `check_page()` (each `visit()` is) is checked for console errors (a
Content Security Policy violation is one), run through axe-core (a serious or critical violation
fails the test) and measured for layout shift: a PerformanceObserver adds up the page's shifts
not caused by the user's input, which must stay under 0.1 ("good", as Lighthouse counts it).
Then it is narrowed to 320 px (a phone, or 1280 px at 400% zoom): the page must not scroll
sideways, everything that scrolls must be a labelled region a keyboard can reach, and axe's
layout-dependent rules run again.
"""

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.core.management import call_command
from playwright.sync_api import expect

from bexley_qa.forms import person_detail
from bexley_qa.people.management.commands.seed_demo import DEMO_PASSWORD

CHROMIUM = "/usr/bin/chromium"
_axe = Axe()
GOOD_LAYOUT_SHIFT = 0.1
NARROW = 320
# Every element that scrolls sideways, unless it is a labelled region a keyboard can reach; and
# how far the page itself is wider than the window.
SIDEWAYS = """() => {
  const page = document.documentElement;
  const unlabelled = [...document.body.querySelectorAll("*")].filter((el) => {
    const overflow = getComputedStyle(el).overflowX;
    return (overflow === "auto" || overflow === "scroll") && el.scrollWidth > el.clientWidth
      && !(el.getAttribute("role") === "region" && el.getAttribute("aria-label")
           && el.tabIndex === 0);
  }).map((el) => el.outerHTML.slice(0, 120));
  return {overflow: page.scrollWidth - page.clientWidth, unlabelled};
}"""
# Added to every page before it loads: the sum of its layout shifts not caused by input.
LAYOUT_SHIFT_OBSERVER = """
window.__layoutShift = 0;
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) {
    if (!entry.hadRecentInput) window.__layoutShift += entry.value;
  }
}).observe({type: "layout-shift", buffered: true});
"""


def pytest_collection_modifyitems(items):
    for item in items:
        if "/e2e/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        # This machine has no network beyond localhost: keep Chromium from trying.
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
        ],
    }


@pytest.fixture
def demo(transactional_db):
    """The demo organisation, as `make run` seeds it."""
    call_command("seed_demo", force=True, verbosity=0)


class Browser:
    def __init__(self, page, live_server):
        self.page = page
        self.base = live_server.url
        self.console_errors: list[str] = []
        page.on("console", self._console)
        page.add_init_script(LAYOUT_SHIFT_OBSERVER)
        page.on("pageerror", lambda exc: self.console_errors.append(str(exc)))

    def _console(self, msg):
        # A form posted with mistakes is shown again with its errors and the status 400; the
        # browser reports that about the page itself, which is not an error in the page.
        own_page = msg.location.get("url") == self.page.url
        if msg.type == "error" and not (own_page and "status of 400" in msg.text):
            self.console_errors.append(msg.text)

    def visit(self, path: str):
        self.page.goto(self.base + path)
        self.check_page()

    def check_page(self):
        """No console error so far, and no serious or critical accessibility violation."""
        self.page.wait_for_load_state("networkidle")
        assert self.console_errors == [], self.console_errors
        results = _axe.run(self.page)
        serious = [
            f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']]}"
            for v in results.response["violations"]
            if v["impact"] in ("serious", "critical")
        ]
        assert serious == [], f"{self.page.url}: {serious}"
        shift = self.page.evaluate("window.__layoutShift")
        assert shift < GOOD_LAYOUT_SHIFT, f"{self.page.url}: layout shift {shift:.3f}"
        self.check_narrow()
        self.page.evaluate(f"window.__layoutShift = {shift}")  # resizing is not the page's shift

    def check_narrow(self):
        size = self.page.viewport_size
        self.page.set_viewport_size({"width": NARROW, "height": size["height"]})
        try:
            found = self.page.evaluate(SIDEWAYS)
            assert found["overflow"] <= 0, (
                f"{self.page.url}: {found['overflow']} px sideways at 320"
            )
            assert found["unlabelled"] == [], f"{self.page.url}: {found['unlabelled']}"
            results = _axe.run(
                self.page,
                options={
                    "runOnly": ["scrollable-region-focusable", "target-size", "color-contrast"]
                },
            )
            serious = [
                f"{v['id']}: {[n['target'] for n in v['nodes']]}"
                for v in results.response["violations"]
                if v["impact"] in ("serious", "critical")
            ]
            assert serious == [], f"{self.page.url} at 320 px: {serious}"
        finally:
            self.page.set_viewport_size(size)

    def fill_date(self, legend: str, day):
        """Type a date into the GOV.UK date input whose legend is `legend`."""
        group = self.page.get_by_role("group", name=legend)
        group.get_by_label("Day").fill(str(day.day))
        group.get_by_label("Month").fill(str(day.month))
        group.get_by_label("Year").fill(str(day.year))

    def choose_person(self, label: str, person, typed: str = ""):
        """Choose a member of staff in a people picker as a person would: type part of their name
        (or `typed`: their team, say), pick them from the suggestions (which say their job title,
        team and service), and see the form's own field now hold them."""
        field = self.page.get_by_role("combobox", name=label)
        field.fill(typed or person.last_name)
        picker = field.get_attribute("id")
        suggestions = self.page.locator(f"#{picker}__listbox")
        suggestions.get_by_role("option").filter(has_text=str(person)).filter(
            has_text=person_detail(person)
        ).click()
        expect(field).to_have_value(str(person))
        expect(self.page.locator(f"#{picker}-select")).to_have_value(str(person.pk))

    def sign_in(self, username: str, password: str = DEMO_PASSWORD):
        self.visit("/sign-in/")
        self.page.get_by_label("Username").fill(username)
        self.page.get_by_label("Password").fill(password)
        self.page.get_by_role("button", name="Sign in").click()
        self.page.wait_for_load_state("networkidle")


@pytest.fixture
def browser_session(page, live_server):
    return Browser(page, live_server)
