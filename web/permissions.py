"""Pages follow the same roles as the API (homesec/roles.py): anyone logged in may look;
a change is refused with 403 unless the login holds the permission for it."""

from functools import wraps

from django.core.exceptions import PermissionDenied


def post_needs(permission: str):
    """A view whose POST needs ``permission`` (its GET needs only the login)."""

    def wrap(view):
        @wraps(view)
        def guarded(request, *args, **kwargs):
            if request.method == "POST" and not request.user.has_perm(permission):
                raise PermissionDenied("Only an admin can change this.")
            return view(request, *args, **kwargs)

        return guarded

    return wrap
