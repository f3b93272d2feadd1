"""The household app's tables, moved from analysis with their rows, take the household app's names."""

from django.db import migrations

from homesec.moved_models import content_types


class Migration(migrations.Migration):

    dependencies = [
        ('contenttypes', '0002_remove_content_type_name'),
        ('household', '0001_initial'),
    ]

    operations = [
        migrations.AlterModelTable(
            name='expectedvisitor',
            table=None,
        ),
        migrations.AlterModelTable(
            name='face',
            table=None,
        ),
        migrations.AlterModelTable(
            name='household',
            table=None,
        ),
        migrations.AlterModelTable(
            name='incident',
            table=None,
        ),
        migrations.AlterModelTable(
            name='person',
            table=None,
        ),
        migrations.AlterModelTable(
            name='plateread',
            table=None,
        ),
        migrations.AlterModelTable(
            name='vehicle',
            table=None,
        ),
        content_types('analysis', 'household', ['expectedvisitor', 'face', 'household', 'incident', 'person', 'plateread', 'vehicle']),
    ]
