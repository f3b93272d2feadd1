"""The roles' groups, and a role for every login there already is: staff become admins,
everyone else a member (before roles, every login could change everything). The
groups' permissions are set after each migrate (homesec/roles.py)."""

from django.db import migrations


def give_everyone_a_role(apps, schema_editor):
    using = schema_editor.connection.alias
    groups = apps.get_model("auth", "Group").objects.using(using)
    admins, _ = groups.get_or_create(name="Admins")
    members, _ = groups.get_or_create(name="Members")
    for user in apps.get_model("auth", "User").objects.using(using).filter(groups=None):
        user.groups.add(admins if user.is_staff or user.is_superuser else members)


class Migration(migrations.Migration):
    dependencies = [
        ("homesec", "0004_deadletter_chain"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(give_everyone_a_role, migrations.RunPython.noop)]
