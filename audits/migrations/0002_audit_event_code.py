"""AuditEvent gets a stable code beside its text; existing steps get theirs from their text."""

from django.db import migrations, models

# The texts the services wrote before codes existed, each with its code.
CODES = {
    "Allocated": "allocated",
    "Meeting booked": "meeting_booked",
    "Meeting moved": "meeting_moved",
    "Self-assessment submitted": "self_assessment_submitted",
    "Self-assessment waived": "self_assessment_waived",
    "Graded": "graded",
    "Action recorded": "action_recorded",
    "Action removed": "action_removed",
    "Action done": "action_done",
    "Feedback recorded": "feedback_recorded",
    "Feedback not obtained": "feedback_not_obtained",
    "Completed": "completed",
    "Followed up": "followed_up",
    "Cancelled": "cancelled",
}


def code_existing_events(apps, schema_editor):
    AuditEvent = apps.get_model("audits", "AuditEvent")
    for text, code in CODES.items():
        AuditEvent.objects.filter(action=text).update(code=code)
    unknown = AuditEvent.objects.filter(code="").values_list("action", flat=True).distinct()
    if unknown:
        raise RuntimeError(f"Audit events with no known code: {sorted(unknown)}")


class Migration(migrations.Migration):
    dependencies = [("audits", "0001_initial")]

    operations = [
        migrations.AddField(
            model_name="auditevent",
            name="code",
            field=models.CharField(default="", max_length=40),
            preserve_default=False,
        ),
        migrations.RunPython(code_existing_events, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="auditevent",
            name="code",
            field=models.CharField(
                choices=[
                    ("allocated", "Allocated"),
                    ("meeting_booked", "Meeting booked"),
                    ("meeting_moved", "Meeting moved"),
                    ("self_assessment_submitted", "Self-assessment submitted"),
                    ("self_assessment_waived", "Self-assessment waived"),
                    ("graded", "Graded"),
                    ("action_recorded", "Action recorded"),
                    ("action_removed", "Action removed"),
                    ("action_done", "Action done"),
                    ("feedback_recorded", "Feedback recorded"),
                    ("feedback_not_obtained", "Feedback not obtained"),
                    ("completed", "Completed"),
                    ("followed_up", "Followed up"),
                    ("cancelled", "Cancelled"),
                ],
                max_length=40,
            ),
        ),
    ]
