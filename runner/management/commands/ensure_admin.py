import secrets

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand

from homesec.roles import make_admin


class Command(BaseCommand):
    help = "Create the first admin login with a generated password, printed this once only."

    def add_arguments(self, parser):
        parser.add_argument("--username", default="admin")

    def handle(self, *args, username, **options):
        users = get_user_model()
        if users.objects.filter(is_superuser=True).exists():
            self.stdout.write(
                "admin login exists (forgotten the password? "
                "`.venv/bin/python manage.py changepassword admin`)"
            )
            return
        password = secrets.token_urlsafe(12)
        make_admin(users.objects.create_superuser(username=username, email="", password=password))
        self.stdout.write(
            f"admin login created: user {username!r}, password {password!r} "
            "(shown this once; change it in the admin)"
        )
