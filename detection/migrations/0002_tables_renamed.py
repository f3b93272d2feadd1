"""The detection app's tables, moved from analysis with their rows, take the detection app's names."""

from django.db import migrations

from homesec.moved_models import content_types


class Migration(migrations.Migration):

    dependencies = [
        ('contenttypes', '0002_remove_content_type_name'),
        ('detection', '0001_squashed'),
    ]

    operations = [
        migrations.AlterModelTable(
            name='batch',
            table=None,
        ),
        content_types('analysis', 'detection', ['batch']),
    ]
