"""Export jobs, digests and digest settings moved from ops to reports with their rows: a
throwaway database built as it was before the move (ops 0001), rows put in the old
tables, then migrated forward; the rows are found through the reports models, their
content types and permissions moved with them, and a dead letter of a moved task renamed."""

from datetime import timedelta

from django.contrib.auth.models import Permission
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from homesec.models import DeadLetter
from reports.models import Digest, DigestSettings, ExportJob
from tests.conftest import THROWAWAY

BEFORE = [
    ("ops", "0001_exports_and_digests"),
    ("homesec", "0004_deadletter_chain"),
    ("contenttypes", "0002_remove_content_type_name"),
    ("auth", "0012_alter_user_first_name_max_length"),
]


def test_rows_in_ops_tables_are_found_through_the_reports_models(throwaway_database):
    executor = MigrationExecutor(throwaway_database)
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps
    owner = old.get_model("auth", "User").objects.using(THROWAWAY).create(username="owner")
    job = (
        old.get_model("ops", "ExportJob")
        .objects.using(THROWAWAY)
        .create(
            owner_id=owner.pk,
            format="zip",
            status="done",
            file="exports/x.zip",
            size=123,
            expires_at=timezone.now() + timedelta(hours=5),
        )
    )
    now = timezone.now()
    digest = (
        old.get_model("ops", "Digest")
        .objects.using(THROWAWAY)
        .create(
            period_start=now - timedelta(days=1),
            period_end=now,
            text="Digest\n3 events\n",
            data={"total": 3},
        )
    )
    channel = (
        old.get_model("alerts", "Channel")
        .objects.using(THROWAWAY)
        .create(name="phone", kind="webhook", target="http://127.0.0.1:9/")
    )
    picked = old.get_model("ops", "DigestSettings").objects.using(THROWAWAY).create(pk=1)
    picked.channels.add(channel)
    types = old.get_model("contenttypes", "ContentType").objects.using(THROWAWAY)
    export_type = types.create(app_label="ops", model="exportjob")
    permission = (
        old.get_model("auth", "Permission")
        .objects.using(THROWAWAY)
        .create(content_type=export_type, codename="view_exportjob", name="Can view export job")
    )
    old.get_model("homesec", "DeadLetter").objects.using(THROWAWAY).create(
        task="ops.tasks.run_export", args=[str(job.pk)], error="test"
    )

    executor = MigrationExecutor(throwaway_database)  # the graph read again, as `migrate` does
    executor.migrate(executor.loader.graph.leaf_nodes())

    moved = ExportJob.objects.using(THROWAWAY).get(pk=job.pk)
    assert (moved.owner_id, moved.format, moved.file) == (owner.pk, "zip", "exports/x.zip")
    assert Digest.objects.using(THROWAWAY).get(pk=digest.pk).data == {"total": 3}
    settings_row = DigestSettings.objects.using(THROWAWAY).get(pk=1)
    assert list(settings_row.channels.values_list("name", flat=True)) == ["phone"]
    tables = throwaway_database.introspection.table_names()
    moved_tables = {"exportjob", "digest", "digestsettings", "digestsettings_channels"}
    assert {f"reports_{name}" for name in moved_tables} <= set(tables)
    assert not {f"ops_{name}" for name in moved_tables} & set(tables)
    moved_type = Permission.objects.using(THROWAWAY).get(pk=permission.pk).content_type
    assert moved_type.pk == export_type.pk  # the same row: admin history and groups keep it
    assert (moved_type.app_label, moved_type.model) == ("reports", "exportjob")
    letter = DeadLetter.objects.using(THROWAWAY).get()
    assert letter.task == "reports.tasks.run_export"
