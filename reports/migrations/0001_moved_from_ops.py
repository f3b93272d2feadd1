"""ExportJob, Digest and DigestSettings, moved from ops with their rows: taken as they
stand (the ops_* tables), then renamed to reports_* (the digest settings' channels table
too), their content types (and so their permissions and admin history) moved to reports,
and dead-lettered jobs named by their old task names renamed, so they can be requeued."""

import uuid

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

MODELS = ("exportjob", "digest", "digestsettings")
TASKS = ("run_export", "expire_exports", "send_digest")


def move_content_types(apps, schema_editor, *, old: str, new: str) -> None:
    types = apps.get_model("contenttypes", "ContentType").objects.using(
        schema_editor.connection.alias
    )
    for model in MODELS:
        if not types.filter(app_label=new, model=model).exists():
            types.filter(app_label=old, model=model).update(app_label=new)


def rename_tasks(apps, schema_editor, *, old: str, new: str) -> None:
    letters = apps.get_model("homesec", "DeadLetter").objects.using(schema_editor.connection.alias)
    for task in TASKS:
        letters.filter(task=f"{old}.tasks.{task}").update(task=f"{new}.tasks.{task}")


def forwards(apps, schema_editor):
    move_content_types(apps, schema_editor, old="ops", new="reports")
    rename_tasks(apps, schema_editor, old="ops", new="reports")


def backwards(apps, schema_editor):
    move_content_types(apps, schema_editor, old="reports", new="ops")
    rename_tasks(apps, schema_editor, old="reports", new="ops")


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("ops", "0002_reports_moved_out"),
        ("alerts", "0005_rule_wait_for_ai"),
        ("homesec", "0004_deadletter_chain"),
        ("contenttypes", "0002_remove_content_type_name"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="Digest",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("period_start", models.DateTimeField()),
                        ("period_end", models.DateTimeField()),
                        ("text", models.TextField(help_text="As sent: plain text.")),
                        ("data", models.JSONField(default=dict, help_text="Counts, notable events, the unusual.")),
                        ("sent_to", models.JSONField(blank=True, default=list, help_text="Channels it reached.")),
                        ("errors", models.JSONField(blank=True, default=list, help_text="Channels it did not.")),
                        ("created_at", models.DateTimeField(auto_now_add=True)),
                    ],
                    options={"ordering": ["-period_end"], "db_table": "ops_digest"},
                ),
                migrations.CreateModel(
                    name="DigestSettings",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("channels", models.ManyToManyField(blank=True, related_name="+", to="alerts.channel")),
                    ],
                    options={"verbose_name_plural": "digest settings", "db_table": "ops_digestsettings"},
                ),
                migrations.CreateModel(
                    name="ExportJob",
                    fields=[
                        ("id", models.UUIDField(default=uuid.uuid4, editable=False, primary_key=True, serialize=False)),
                        ("format", models.CharField(choices=[("csv", "CSV (the events' rows)"), ("zip", "ZIP (the CSV, originals, thumbnails and clips)")], default="csv", max_length=3)),
                        ("filters", models.JSONField(blank=True, default=dict, help_text="The events API's filters.")),
                        ("status", models.CharField(choices=[("pending", "Pending"), ("running", "Running"), ("done", "Done"), ("failed", "Failed")], default="pending", max_length=8)),
                        ("progress", models.PositiveIntegerField(default=0, help_text="Events written so far.")),
                        ("total", models.PositiveIntegerField(default=0, help_text="Events matching the filter.")),
                        ("file", models.CharField(blank=True, help_text="Under the media root.", max_length=300)),
                        ("size", models.BigIntegerField(default=0, help_text="Bytes.")),
                        ("error", models.TextField(blank=True)),
                        ("created_at", models.DateTimeField(auto_now_add=True)),
                        ("finished_at", models.DateTimeField(blank=True, null=True)),
                        ("expires_at", models.DateTimeField()),
                        ("owner", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="exports", to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        "ordering": ["-created_at"],
                        "indexes": [models.Index(fields=["owner", "created_at"], name="export_owner_idx")],
                        "db_table": "ops_exportjob",
                    },
                ),
            ],
        ),
        # The tables (and the digest settings' channels table with them) under reports' names.
        migrations.AlterModelTable(name="Digest", table=None),
        migrations.AlterModelTable(name="DigestSettings", table=None),
        migrations.AlterModelTable(name="ExportJob", table=None),
        migrations.RunPython(forwards, backwards),
    ]
