"""Moving a model's rows to the app that now holds it, in a migration: the new app's migration
creates its table empty; the old app's next migration copies the rows (ids and all) across, moves
the new table's id sequence past them, points what referred to the old table at the new one, and
drops the old table. Used when the top floor was split by what it does (the QA reports to
`reporting`, the import runs to `bexley_qa.imports`).

A copy fires no trigger on the table it fills (a copied row is not a new change for the change
history). `copy_rows` copies forwards (and, reversed, empties the new table again);
`copied_back` puts the rows back in the old table when the migration is reversed, placed after the
steps that point at the new table, so that those are undone against a table with its rows."""

from django.core.management.color import no_style
from django.db import migrations


def _without_triggers(schema_editor, model, sql: str) -> None:
    """Run `sql` on the model's table with its own triggers off (the change history's): the
    foreign keys are checked as each row goes (not at the end of the migration's transaction),
    so that no check is pending when the triggers are switched on again."""
    table = schema_editor.quote_name(model._meta.db_table)
    schema_editor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    schema_editor.execute(f"ALTER TABLE {table} DISABLE TRIGGER USER")
    schema_editor.execute(sql)
    schema_editor.execute(f"ALTER TABLE {table} ENABLE TRIGGER USER")
    schema_editor.execute("SET CONSTRAINTS ALL DEFERRED")


def _copy(from_model, to_model, schema_editor) -> None:
    quote = schema_editor.quote_name
    columns = ", ".join(quote(f.column) for f in to_model._meta.concrete_fields)
    _without_triggers(
        schema_editor,
        to_model,
        f"INSERT INTO {quote(to_model._meta.db_table)} ({columns}) "  # noqa: S608 - model names
        f"SELECT {columns} FROM {quote(from_model._meta.db_table)}",
    )
    for sql in schema_editor.connection.ops.sequence_reset_sql(no_style(), [to_model]):
        schema_editor.execute(sql)


def _empty(model, schema_editor) -> None:
    table = schema_editor.quote_name(model._meta.db_table)
    _without_triggers(schema_editor, model, f"DELETE FROM {table}")  # noqa: S608 - a model's table


def copy_rows(source: tuple[str, str], target: tuple[str, str]) -> migrations.RunPython:
    """Copy every row of `source` (app label, model) into `target`, whose columns are the same."""

    def forwards(apps, schema_editor):
        _copy(apps.get_model(*source), apps.get_model(*target), schema_editor)

    def backwards(apps, schema_editor):  # the rows are back in `source` (copied_back)
        _empty(apps.get_model(*target), schema_editor)

    return migrations.RunPython(forwards, backwards)


def copied_back(source: tuple[str, str], target: tuple[str, str]) -> migrations.RunPython:
    """When the migration is reversed: every row of `target` back into `source`."""

    def backwards(apps, schema_editor):
        _copy(apps.get_model(*target), apps.get_model(*source), schema_editor)

    return migrations.RunPython(migrations.RunPython.noop, backwards)
