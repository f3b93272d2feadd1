"""ExportJob, Digest and DigestSettings belong to the reports app now: ops forgets them
here, the tables untouched; reports/migrations/0001_moved_from_ops.py takes them, renames
them and moves their content types."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("ops", "0001_exports_and_digests")]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(name="ExportJob"),
                migrations.DeleteModel(name="Digest"),
                migrations.DeleteModel(name="DigestSettings"),
            ],
        ),
    ]
