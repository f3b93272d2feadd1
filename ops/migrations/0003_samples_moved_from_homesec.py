"""GpuSample and PerformanceSample, moved from homesec with their rows: taken as they
stand (the homesec_* tables), renamed to ops_*, and their content types (and so their
permissions) moved to ops."""

from django.db import migrations, models

MODELS = ("gpusample", "performancesample")


def move_content_types(apps, schema_editor, *, old: str, new: str) -> None:
    types = apps.get_model("contenttypes", "ContentType").objects.using(
        schema_editor.connection.alias
    )
    for model in MODELS:
        if not types.filter(app_label=new, model=model).exists():
            types.filter(app_label=old, model=model).update(app_label=new)


def forwards(apps, schema_editor):
    move_content_types(apps, schema_editor, old="homesec", new="ops")


def backwards(apps, schema_editor):
    move_content_types(apps, schema_editor, old="ops", new="homesec")


class Migration(migrations.Migration):
    dependencies = [
        ("ops", "0002_reports_moved_out"),
        ("homesec", "0008_samples_moved_out"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="GpuSample",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("at", models.DateTimeField(auto_now_add=True, db_index=True)),
                        ("index", models.PositiveSmallIntegerField(default=0)),
                        ("name", models.CharField(max_length=100)),
                        ("utilization", models.FloatField(help_text="Percent.")),
                        ("memory_used", models.PositiveIntegerField(help_text="MiB.")),
                        ("memory_total", models.PositiveIntegerField(help_text="MiB.")),
                        ("temperature", models.FloatField(help_text="°C.", null=True)),
                        ("power_usage", models.FloatField(help_text="Watts.", null=True)),
                    ],
                    options={"ordering": ["-at"], "db_table": "homesec_gpusample"},
                ),
                migrations.CreateModel(
                    name="PerformanceSample",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("at", models.DateTimeField(auto_now_add=True, db_index=True)),
                        ("data", models.JSONField(help_text="The performance_update's data.")),
                    ],
                    options={"ordering": ["-at"], "db_table": "homesec_performancesample"},
                ),
            ],
        ),
        migrations.AlterModelTable(name="GpuSample", table=None),
        migrations.AlterModelTable(name="PerformanceSample", table=None),
        migrations.RunPython(forwards, backwards),
    ]
