from django.db import migrations

ROLE_CODES = [
    "practitioner",
    "staying_together_worker",
    "team_manager",
    "service_manager",
    "head_of_service",
    "deputy_director",
    "business_support",
    "psqa",
    "moderator",
]


def create_roles(apps, schema_editor):
    Role = apps.get_model("people", "Role")
    Role.objects.bulk_create([Role(code=code) for code in ROLE_CODES], ignore_conflicts=True)


class Migration(migrations.Migration):
    dependencies = [("people", "0001_initial")]
    operations = [migrations.RunPython(create_roles, migrations.RunPython.noop)]
