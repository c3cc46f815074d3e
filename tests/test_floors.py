"""The floors of ARCHITECTURE.md, checked on the source: imports go down, never up, and never
into another app's views or forms. The ground floor is `bexley_qa` (people, notifications, the
imports); on it stand `audits` and `sos` (the Signs of Safety measures, which know nothing of
audits); `feedback` and `moderation` stand on `audits`; `reporting` reads them all. A higher floor reaches a lower one by registering from its
AppConfig.ready() (home panels, navigation, demo data, completion rules, PDF sections)."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
# Each floor may import only from the floors below it (and from itself).
FLOORS = {"bexley_qa": 0, "audits": 1, "sos": 1, "feedback": 2, "moderation": 2, "reporting": 3}
APPS = [
    "bexley_qa.people",
    "bexley_qa.notifications",
    "bexley_qa.imports",
    "audits",
    "sos",
    "feedback",
    "moderation",
    "reporting",
]


def modules_imported(path: Path, root: Path) -> set[str]:
    """Every module a file imports, at the top or inside a function, relative imports resolved."""
    package = path.relative_to(root).with_suffix("").parts[:-1]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            parent = package[: len(package) - node.level + 1] if node.level else ()
            base = ".".join([*parent, node.module] if node.module else parent)
            found.add(base)
            found.update(f"{base}.{alias.name}" for alias in node.names)
    return found


def source_files(root: Path, package: str) -> list[Path]:
    return sorted(p for p in (root / package).rglob("*.py") if "migrations" not in p.parts)


def app_of(module: str) -> str | None:
    return next((app for app in APPS if module == app or module.startswith(app + ".")), None)


def upward_imports(root: Path, package: str) -> list[str]:
    return sorted(
        f"{path.relative_to(root)} imports {module}"
        for path in source_files(root, package)
        for module in modules_imported(path, root)
        if FLOORS.get(module.split(".")[0], -1) > FLOORS[package]
    )


def imports_of_other_apps_views_or_forms(root: Path, package: str) -> list[str]:
    crossing = []
    for path in source_files(root, package):
        own = app_of(".".join(path.relative_to(root).with_suffix("").parts))
        if own is None:
            continue  # the project's own modules (urls.py wires the apps' pages together)
        for module in modules_imported(path, root):
            app = app_of(module)
            if (
                app
                and app != own
                and module.removeprefix(app + ".").split(".")[0]
                in (
                    "views",
                    "forms",
                )
            ):
                crossing.append(f"{path.relative_to(root)} imports {module}")
    return sorted(crossing)


@pytest.mark.parametrize("package", list(FLOORS))
def test_imports_go_down_never_up(package):
    assert upward_imports(ROOT, package) == []


@pytest.mark.parametrize("package", list(FLOORS))
def test_no_app_imports_another_apps_views_or_forms(package):
    assert imports_of_other_apps_views_or_forms(ROOT, package) == []


def test_the_checks_see_the_imports_this_project_used_to_have(tmp_path):
    probe = tmp_path / "bexley_qa" / "people" / "access.py"
    probe.parent.mkdir(parents=True)
    probe.write_text("def audits_visible_to(user):\n    from audits.models import Audit\n")
    assert upward_imports(tmp_path, "bexley_qa") == [
        "bexley_qa/people/access.py imports audits.models",
        "bexley_qa/people/access.py imports audits.models.Audit",
    ]
    views = tmp_path / "feedback" / "views.py"
    views.parent.mkdir()
    views.write_text("from audits.views import audit_for\nfrom .forms import ChildFeedbackForm\n")
    assert imports_of_other_apps_views_or_forms(tmp_path, "feedback") == [
        "feedback/views.py imports audits.views",
        "feedback/views.py imports audits.views.audit_for",
    ]


def test_every_app_is_on_a_floor():
    from django.conf import settings

    ours = [app for app in settings.INSTALLED_APPS if app.split(".")[0] in FLOORS]
    assert sorted(ours) == sorted(APPS)
