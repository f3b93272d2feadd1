"""The answers an alert carries (issue 33): *Looks fine* (false-alarm feedback, which the
calibration learns from) and *Snooze this camera*, as links in its email and actions of
its push notification, and its picture for the notification. A link is the id of an
ActionLink row signed with the install's secret key (django.core.signing): it cannot be
made up or pointed at another alert, it expires (HOMESEC_ACTION_LINK_HOURS), it works
once, and it needs no login for that one action and reaches nothing else."""

from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.db import transaction
from django.db.models import F
from django.db.models.functions import Coalesce, Greatest
from django.urls import reverse
from django.utils import timezone

from cameras.models import Camera
from events.feedback import give_feedback
from events.models import Feedback
from homesec.audit import record

from .models import ActionLink

ACTION_SALT = "homesec.alerts.action"
PICTURE_SALT = "homesec.alerts.picture"


class Refused(Exception):
    """A link that does nothing: its message for the page and its HTTP status."""

    def __init__(self, message: str, status: int):
        super().__init__(message)
        self.status = status


def max_age() -> int:
    return settings.ACTION_LINK_HOURS * 3600


def title(action: str) -> str:
    """What the answer says on its button: "Looks fine", "Snooze this camera for 1 h"."""
    if action != ActionLink.Action.SNOOZE:
        return ActionLink.Action(action).label
    minutes = settings.SNOOZE_MINUTES
    return (
        f"Snooze this camera for {f'{minutes // 60} h' if minutes % 60 == 0 else f'{minutes} min'}"
    )


# What a user must be allowed to do on the site to be given the answer (homesec/roles.py):
# a login that may only look gets neither. An email's links are the channel's, set by an
# admin, and carry no user.
NEEDS = {"looks_fine": "events.change_event", "snooze": "alerts.change_alert"}


def allowed(action: str, user) -> bool:
    return user is None or (user.is_active and user.has_perm(NEEDS[action]))


def links(alert_id: int, user=None) -> dict[str, str]:
    """A new link for each answer to the alert that ``user`` (a push notification's) may
    give, or for whoever reads the email (None)."""
    made = {}
    for action in ActionLink.Action.values:
        if not allowed(action, user):
            continue
        row = ActionLink.objects.create(alert_id=alert_id, action=action, user=user)
        token = signing.dumps(row.pk, salt=ACTION_SALT)
        made[action] = settings.PUBLIC_URL + reverse("alert-action", args=[token])
    return made


def picture_url(detection_id: int) -> str:
    """The event's picture for a notification, which fetches it without a login."""
    token = signing.dumps(detection_id, salt=PICTURE_SALT)
    return settings.PUBLIC_URL + reverse("alert-picture", args=[token])


def picture_of(token: str) -> int:
    """The detection a picture link names; Refused if it is not one of ours or expired."""
    return _loads(token, PICTURE_SALT)


def link_for(token: str) -> ActionLink:
    """The link's row, with its alert, event and camera; Refused when it does nothing."""
    pk = _loads(token, ACTION_SALT)
    row = (
        ActionLink.objects.select_related("alert__event", "alert__camera", "user")
        .filter(pk=pk)
        .first()
    )
    if row is None:
        raise Refused("This link's alert is gone (removed by retention).", 410)
    if row.used_at is not None:
        raise Refused(_used(row), 410)
    return row


def carry_out(row: ActionLink, request) -> str:
    """Do the link's one action, once; what was done, for the page."""
    with transaction.atomic():
        if not ActionLink.objects.filter(pk=row.pk, used_at=None).update(used_at=timezone.now()):
            raise Refused(_used(row), 410)  # another request was first
        if not allowed(row.action, row.user):  # their role changed since, or they left
            raise Refused("This link's user may no longer do this: open homesec.", 403)
        return answer(row.alert, row.action, request=request, user=row.user)


def answer(alert, action: str, *, request=None, user=None, by: str = "") -> str:
    """Looks fine (false-alarm feedback on the alert's event) or snooze its camera;
    what was done, in a sentence."""
    if action == ActionLink.Action.LOOKS_FINE:
        verdict = str(Feedback.Verdict.FALSE_ALARM)
        give_feedback(alert.event, verdict, user=user, request=request)
        return (
            f"Noted: the event at {alert.camera.name} looks fine. It is marked a false "
            "alarm, and similar events will be scored lower."
        )
    camera = alert.camera
    by = by or f"alert {alert.pk}"
    snooze(camera, settings.SNOOZE_MINUTES, request=request, user=user, by=by)
    return (
        f"No alerts from {camera.name} until "
        f"{timezone.localtime(camera.snoozed_until):%H:%M}; its events are still kept."
    )


def snooze(camera, minutes: int, *, request=None, user=None, by: str = "its page") -> None:
    """No alert about ``camera``'s events for ``minutes`` from now (a longer snooze
    already set is kept, whoever else sets one at once); 0 ends it. Audited."""
    cameras = Camera.objects.filter(pk=camera.pk)
    if minutes:
        until = timezone.now() + timedelta(minutes=minutes)
        cameras.update(snoozed_until=Greatest(Coalesce(F("snoozed_until"), until), until))
    else:
        cameras.update(snoozed_until=None)
    camera.refresh_from_db(fields=["snoozed_until"])
    until = camera.snoozed_until.isoformat() if camera.snoozed_until else None
    record(
        "camera.snooze",
        f"camera {camera.pk}",
        {"until": until, "by": by},
        request=request,
        user=user,
    )


def _loads(token: str, salt: str) -> int:
    try:
        value = signing.loads(token, salt=salt, max_age=max_age())
    except signing.SignatureExpired:
        raise Refused("This link has expired: open homesec to answer the alert.", 410) from None
    except signing.BadSignature:
        raise Refused("This is not a link homesec made.", 404) from None
    if not isinstance(value, int):
        raise Refused("This is not a link homesec made.", 404)
    return value


def _used(row: ActionLink) -> str:
    return f"This link was used already ({row.get_action_display()}): it works once."
