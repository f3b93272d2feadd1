"""Sockets follow their credentials: when an API token is revoked (its row deleted), a
session ends (log-out, or the session deleted however: flushed, cleared, in the admin),
or a user is deactivated or deleted (their sessions end, their tokens' sockets close),
the sockets standing on it are closed, in whichever web process they are. Each socket
joins its credential's group (events/consumers.py); here a message to that group goes out
once the deletion is committed. Connected by EventsConfig.ready()."""

import logging

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.conf import settings
from django.contrib.auth import SESSION_KEY, get_user_model
from django.contrib.auth.signals import user_logged_out
from django.contrib.sessions.models import Session
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.utils import timezone
from knox.models import AuthToken
from redis.exceptions import RedisError

from .auth import SESSION, TOKEN, Credential

logger = logging.getLogger(__name__)
REVOKED = "credential.revoked"  # the consumers' message type


def close_sockets(credential: Credential) -> None:
    """Once the current transaction commits: a socket that joins its group from then on
    finds the credential gone when it checks (auth.still_holds), so none is missed."""
    transaction.on_commit(lambda: _send(credential))


def _send(credential: Credential) -> None:
    try:
        async_to_sync(get_channel_layer().group_send)(credential.group, {"type": REVOKED})
    except (RedisError, OSError) as exc:  # the log-out or revocation itself must not fail
        logger.error("could not close the sockets of a revoked %s: %s", credential.kind, exc)


def _token_deleted(sender, instance, **kwargs):
    close_sockets(Credential(TOKEN, instance.digest))


def _session_deleted(sender, instance, **kwargs):
    close_sockets(Credential(SESSION, instance.session_key))


def _logged_out(sender, request=None, **kwargs):
    # Sessions not kept in the database (a cache engine) end here. A database session ends
    # in _session_deleted instead: this signal comes *before* the session is flushed, and a
    # tab told now would reload while its session still holds, then stay on the page.
    if settings.SESSION_ENGINE == "django.contrib.sessions.backends.db":
        return
    key = getattr(getattr(request, "session", None), "session_key", None)
    if key:
        close_sockets(Credential(SESSION, key))


def _user_saved(sender, instance, **kwargs):
    if instance.is_active:
        return  # the common case (a login saves last_login): nothing to do
    _end_sessions(instance.pk)
    for digest in AuthToken.objects.filter(user=instance).values_list("digest", flat=True):
        close_sockets(Credential(TOKEN, digest))  # kept, for when the user is back


def _user_deleted(sender, instance, **kwargs):
    _end_sessions(instance.pk)  # their tokens go with them (and close their sockets)


def _end_sessions(user_id) -> None:
    """Delete the user's live sessions (each deletion closes its sockets). Sessions are not
    indexed by user: a household has few, so each is read."""
    for session in Session.objects.filter(expire_date__gt=timezone.now()):
        if session.get_decoded().get(SESSION_KEY) == str(user_id):
            session.delete()


def connect() -> None:
    user = get_user_model()
    post_save.connect(_user_saved, sender=user, dispatch_uid="homesec.user_saved")
    post_delete.connect(_user_deleted, sender=user, dispatch_uid="homesec.user_deleted")
    post_delete.connect(_token_deleted, sender=AuthToken, dispatch_uid="homesec.token_deleted")
    post_delete.connect(_session_deleted, sender=Session, dispatch_uid="homesec.session_deleted")
    user_logged_out.connect(_logged_out, dispatch_uid="homesec.logged_out")
