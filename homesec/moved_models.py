"""Models moved between apps keep their rows (their tables are renamed by the migration
that moves them) and their content types, so the permissions granted on them and the
admin's history still point at them."""

from django.db import migrations


def content_types(old_app: str, new_app: str, models: list[str]) -> migrations.RunPython:
    """A migration step: the moved models' content types change app (back when reversed).

    A fresh install has none yet (they are made after migrate), so this is a no-op there."""

    def move(source: str, target: str):
        def run(apps, schema_editor):
            ContentType = apps.get_model("contenttypes", "ContentType")
            db = schema_editor.connection.alias
            taken = set(
                ContentType.objects.using(db)
                .filter(app_label=target, model__in=models)
                .values_list("model", flat=True)
            )
            ContentType.objects.using(db).filter(app_label=source, model__in=models).exclude(
                model__in=taken
            ).update(app_label=target)

        return run

    return migrations.RunPython(move(old_app, new_app), move(new_app, old_app))
