"""An event's detections become a relation (they were a JSON list of ids): each id that
still names a detection is kept as a link; ids of detections already gone are dropped."""

from django.db import migrations, models


def links_from_ids(apps, schema_editor):
    db = schema_editor.connection.alias
    Event = apps.get_model("events", "Event")
    Detection = apps.get_model("detection", "Detection")
    Saw = Event.detections.through
    events = Event.objects.using(db).exclude(detection_ids=[])
    for event_id, ids in events.values_list("pk", "detection_ids").iterator():
        there = Detection.objects.using(db).filter(pk__in=[i for i in ids if isinstance(i, int)])
        Saw.objects.using(db).bulk_create(
            [Saw(event_id=event_id, detection_id=pk) for pk in there.values_list("pk", flat=True)],
            ignore_conflicts=True,
        )


def ids_from_links(apps, schema_editor):
    Event = apps.get_model("events", "Event")
    for event in Event.objects.using(schema_editor.connection.alias).prefetch_related("detections"):
        event.detection_ids = sorted(d.pk for d in event.detections.all())
        event.save(update_fields=["detection_ids"])


class Migration(migrations.Migration):

    dependencies = [
        ('detection', '0002_tables_renamed'),
        ('events', '0001_squashed'),
    ]

    operations = [
        migrations.AddField(
            model_name='event',
            name='detections',
            field=models.ManyToManyField(blank=True, help_text='What the judge saw.', related_name='events', to='detection.detection'),
        ),
        migrations.RunPython(links_from_ids, ids_from_links),
        migrations.RemoveField(
            model_name='event',
            name='detection_ids',
        ),
    ]
