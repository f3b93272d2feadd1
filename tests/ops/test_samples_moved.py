"""GPU and performance samples moved from homesec to ops with their rows: a throwaway
database built as it was before the move (homesec 0007), rows put in the old tables,
then migrated forward; the rows are found through the ops models, their content types
(and permissions) moved with them."""

from django.contrib.auth.models import Permission
from django.db.migrations.executor import MigrationExecutor

from ops.models import GpuSample, PerformanceSample
from tests.conftest import THROWAWAY

BEFORE = [
    ("homesec", "0007_performance_sample"),
    ("contenttypes", "0002_remove_content_type_name"),
    ("auth", "0012_alter_user_first_name_max_length"),
]


def test_samples_in_homesec_tables_are_found_through_the_ops_models_after_migrating(
    throwaway_database,
):
    executor = MigrationExecutor(throwaway_database)
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps
    gpu = (
        old.get_model("homesec", "GpuSample")
        .objects.using(THROWAWAY)
        .create(name="NVIDIA H100", utilization=42.0, memory_used=1000, memory_total=80000)
    )
    sample = (
        old.get_model("homesec", "PerformanceSample")
        .objects.using(THROWAWAY)
        .create(data={"host": {"cpu_percent": 12.5}})
    )
    types = old.get_model("contenttypes", "ContentType").objects.using(THROWAWAY)
    gpu_type = types.create(app_label="homesec", model="gpusample")
    permission = (
        old.get_model("auth", "Permission")
        .objects.using(THROWAWAY)
        .create(content_type=gpu_type, codename="view_gpusample", name="Can view gpu sample")
    )

    executor = MigrationExecutor(throwaway_database)  # the graph read again, as `migrate` does
    executor.migrate(executor.loader.graph.leaf_nodes())

    moved = GpuSample.objects.using(THROWAWAY).get(pk=gpu.pk)
    assert (moved.name, moved.utilization, moved.memory_total) == ("NVIDIA H100", 42.0, 80000)
    performance = PerformanceSample.objects.using(THROWAWAY).get(pk=sample.pk)
    assert performance.data == {"host": {"cpu_percent": 12.5}}
    tables = set(throwaway_database.introspection.table_names())
    assert {"ops_gpusample", "ops_performancesample"} <= tables
    assert not {"homesec_gpusample", "homesec_performancesample"} & tables
    moved_type = Permission.objects.using(THROWAWAY).get(pk=permission.pk).content_type
    assert (moved_type.pk, moved_type.app_label) == (gpu_type.pk, "ops")
