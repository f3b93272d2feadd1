"""Roles, carried by Django's groups and permissions (the admin site says who is what):

- **admin**: everything — a superuser, or a member of the group "Admins", which holds
  every permission of homesec's apps;
- **member** (the group "Members"): sees everything, reviews events, acknowledges alerts,
  sets the house mode, and manages their own API tokens and push subscriptions; cannot
  change cameras, zones, channels, rules, settings, dead letters or users.

A login in neither group can look and manage its own tokens, nothing more (no exports).
"""

from django.apps import apps as django_apps
from django.contrib.auth.management import create_permissions
from django.contrib.auth.models import Group, Permission
from rest_framework.permissions import SAFE_METHODS, BasePermission

ADMINS = "Admins"
MEMBERS = "Members"
# App labels, not imports: the ground floor names the apps above it only as data.
ADMIN_APPS = (
    "homesec", "cameras", "detection", "events", "alerts", "household", "analysis", "ops",
    "reports", "auth", "knox",
)  # fmt: skip
MEMBER_PERMISSIONS = ("events.change_event", "alerts.change_alert", "alerts.change_housemode")


def ensure_groups(using: str = "default", **kwargs) -> None:
    """The two groups with exactly their permissions (after every migrate: new models'
    permissions reach Admins). Every app's permissions are made first: this runs as
    homesec's migrations end, before Django has made those of the apps after it."""
    for config in django_apps.get_app_configs():
        create_permissions(config, verbosity=0, using=using)
    admins, _ = Group.objects.get_or_create(name=ADMINS)
    admins.permissions.set(Permission.objects.filter(content_type__app_label__in=ADMIN_APPS))
    members, _ = Group.objects.get_or_create(name=MEMBERS)
    members.permissions.set([_permission(name) for name in MEMBER_PERMISSIONS])


def _permission(dotted: str) -> Permission:
    app_label, codename = dotted.split(".")
    return Permission.objects.get(content_type__app_label=app_label, codename=codename)


def has_a_role(user) -> bool:
    """An admin or a member (a login in neither group only looks)."""
    return user.is_superuser or user.groups.filter(name__in=(ADMINS, MEMBERS)).exists()


def make_admin(user) -> None:
    user.groups.add(Group.objects.get_or_create(name=ADMINS)[0])


def make_member(user) -> None:
    user.groups.add(Group.objects.get_or_create(name=MEMBERS)[0])


WRITES = {"POST": "add", "PUT": "change", "PATCH": "change", "DELETE": "delete"}


class ModelPermissions(BasePermission):
    """The API's rule. Reading needs a login. A write needs Django's permission for it:
    the view's ``write_permission`` (one for all its writes), else the add / change /
    delete permission of the view's model by method. A view of the user's own rows
    (``own_rows = True``: tokens, push subscriptions) needs none."""

    message = "Only an admin can change this."

    def has_permission(self, request, view) -> bool:
        user = request.user
        if not (user and user.is_authenticated):
            return False
        if request.method in SAFE_METHODS or getattr(view, "own_rows", False):
            return True
        needed = getattr(view, "write_permission", None) or _model_permission(request, view)
        return needed is not None and user.has_perm(needed)


def _model_permission(request, view) -> str | None:
    queryset = getattr(view, "queryset", None)
    action = WRITES.get(request.method)
    if queryset is None or action is None:
        return None  # a write the view did not declare is refused
    meta = queryset.model._meta
    return f"{meta.app_label}.{action}_{meta.model_name}"
