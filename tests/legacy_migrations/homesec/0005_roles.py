"""The roles' groups, and a role for every login there already is: staff become admins,
everyone else a member (before roles, every login could change everything). The
groups' permissions are set after each migrate (homesec/roles.py)."""

from django.db import migrations


def give_everyone_a_role(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    User = apps.get_model("auth", "User")
    admins, _ = Group.objects.get_or_create(name="Admins")
    members, _ = Group.objects.get_or_create(name="Members")
    for user in User.objects.filter(groups=None):
        user.groups.add(admins if user.is_staff or user.is_superuser else members)


class Migration(migrations.Migration):
    dependencies = [
        ("homesec", "0004_deadletter_chain"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(give_everyone_a_role, migrations.RunPython.noop)]
