"""Who runs which import: each import says (its `may` rule); the list of runs shows the runs of
the imports a person may run."""

from bexley_qa.importing import Import, import_of, imports
from bexley_qa.people.models import User


def imports_for(user: User) -> list[Import]:
    return [declared for declared in imports() if declared.may(user)]


def kinds_for(user: User) -> list[str]:
    return [declared.kind for declared in imports_for(user)]


def declared_for(user: User, kind: str) -> Import | None:
    """The import, if there is one of this kind and the user may run it."""
    declared = import_of(kind)
    return declared if declared and declared.may(user) else None


def navigation_label(user: User) -> str | None:
    return "Imports" if imports_for(user) else None
