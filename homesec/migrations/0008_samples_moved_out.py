"""GpuSample and PerformanceSample belong to ops now (only ops reads or writes them): the
ground floor forgets them here, the tables untouched; ops/migrations/0003 takes them,
renames them and moves their content types."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("homesec", "0007_performance_sample")]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(name="GpuSample"),
                migrations.DeleteModel(name="PerformanceSample"),
            ],
        ),
    ]
