"""A camera's folder becomes one folder name right under the camera root. A row that
points anywhere else (a path, ``..``, an absolute path: the FTP login of that camera
would have read and written there) is refused: it is pointed at a folder named after
the camera, its FTP password is cleared (set a new one in the admin), and the migration
says which cameras it changed."""

from django.db import migrations, models

import cameras.models


def refuse_folders_outside_the_root(apps, schema_editor):
    rows = apps.get_model("cameras", "Camera").objects.using(schema_editor.connection.alias)
    taken = set(rows.values_list("folder_path", flat=True))
    for camera in rows.all():
        try:
            cameras.models.validate_folder_name(camera.folder_path)
            continue
        except Exception as exc:
            reason = exc
        folder = camera.pk
        while folder in taken:
            folder += "_"
        taken.add(folder)
        print(
            f"\n  camera {camera.pk}: folder {camera.folder_path!r} refused ({reason}); "
            f"now {folder!r}, its FTP password cleared: set a new one in the admin"
        )
        rows.filter(pk=camera.pk).update(folder_path=folder, ftp_password="")


class Migration(migrations.Migration):
    dependencies = [("cameras", "0001_initial")]

    operations = [
        migrations.RunPython(refuse_folders_outside_the_root, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="camera",
            name="folder_path",
            field=models.CharField(
                help_text="Its upload folder: one folder name right under the camera root.",
                max_length=255,
                unique=True,
                validators=[cameras.models.validate_folder_name],
            ),
        ),
    ]
