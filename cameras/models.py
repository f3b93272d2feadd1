import hashlib
import re
import unicodedata
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone

from homesec.objects import check_classes
from homesec.paths import folder_inside


def camera_id_for_folder(folder_name: str) -> str:
    """The camera id a folder name gives: ``"Front Door"`` → ``front_door``.

    Accents are dropped (``"Café Terrasse"`` → ``cafe_terrasse``); a name with no
    latin letters or digits at all gets a stable id from its hash.
    """
    ascii_name = unicodedata.normalize("NFKD", folder_name).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "_", ascii_name.lower()).strip("_")[:48]
    if slug:
        return slug
    return "camera_" + hashlib.sha256(folder_name.encode()).hexdigest()[:10]


# Names a camera or an FTP client gives a file while it is still being written.
TEMPORARY_SUFFIXES = (".tmp", ".part", ".partial", ".filepart", ".crdownload", ".swp", "~")


def is_temporary_name(path: str) -> bool:
    name = Path(path).name.lower()
    return name.startswith("~") or name.endswith(TEMPORARY_SUFFIXES)


def validate_folder_name(value: str) -> None:
    """A camera's folder is one folder right under the camera root, named as cameras name
    theirs: no path separator, not ``.`` or ``..``, not hidden, no control characters."""
    problem = None
    if not value.strip():
        problem = "give the folder's name"
    elif "/" in value or "\\" in value:
        problem = "one folder name, not a path: no / or \\"
    elif value.startswith("."):
        problem = "not . or .., nor a hidden name (starting with a dot)"
    elif any(ord(char) < 32 or ord(char) == 127 for char in value):
        problem = "no control characters"
    elif len(value.encode()) > 255:
        problem = "at most 255 bytes"
    if problem:
        raise ValidationError(f"{value!r} is not a camera folder: {problem}.")


class Camera(models.Model):
    class Status(models.TextChoices):
        ONLINE = "online"
        OFFLINE = "offline"
        ERROR = "error"

    id = models.SlugField(primary_key=True, max_length=64)
    name = models.CharField(max_length=128)
    folder_path = models.CharField(
        max_length=255,
        unique=True,
        validators=[validate_folder_name],
        help_text="Its upload folder: one folder name right under the camera root.",
    )
    description = models.TextField(
        max_length=2000,
        blank=True,
        help_text="What the camera sees; given to the LLM with each event.",
    )
    enabled = models.BooleanField(default=True)
    watch_view = models.BooleanField(
        default=True,
        help_text="Warn when its view changes: covered, turned away, out of focus or much "
        "darker than normal. Off for a camera that pans or patrols.",
    )
    ftp_password = models.CharField(
        max_length=256, blank=True, editable=False, help_text="Hashed; set it in the admin."
    )
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.OFFLINE)
    snoozed_until = models.DateTimeField(
        null=True,
        blank=True,
        help_text="No alert about its events until then (an alert's Snooze, its page); "
        "its events are still detected, judged and shown.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    last_seen_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def snoozed(self) -> bool:
        return self.snoozed_until is not None and self.snoozed_until > timezone.now()

    def folder(self) -> Path:
        """Its upload folder, checked again at use: OutsideRoot unless it lies right under
        the camera root (whatever the database holds)."""
        return folder_inside(settings.CAMERA_ROOT, self.folder_path)


def validate_classes(value) -> None:  # where the migrations name it
    check_classes(value)


def validate_polygon(value) -> None:
    """A polygon is at least three [x, y] points, each coordinate between 0 and 1."""
    if not isinstance(value, list) or len(value) < 3:
        raise ValidationError("A zone needs at least three points.")
    for point in value:
        valid = (
            isinstance(point, list | tuple)
            and len(point) == 2
            and all(isinstance(c, int | float) and not isinstance(c, bool) for c in point)
            and all(0.0 <= c <= 1.0 for c in point)
        )
        if not valid:
            raise ValidationError(
                f"{point!r} is not a point: use [x, y] with both between 0 and 1 "
                "(fractions of the image width and height)."
            )


class Zone(models.Model):
    class Kind(models.TextChoices):
        ENTRY_POINT = "entry_point", "Entry point"
        DRIVEWAY = "driveway"
        SIDEWALK = "sidewalk", "Sidewalk or street (public)"
        YARD = "yard"
        PERIMETER = "perimeter", "Perimeter (fence, wall, hedge)"
        OTHER = "other"
        IGNORE = "ignore", "Ignore (nothing here counts)"

    camera = models.ForeignKey(Camera, on_delete=models.CASCADE, related_name="zones")
    name = models.CharField(max_length=64)
    kind = models.CharField(max_length=16, choices=Kind.choices, default=Kind.OTHER)
    polygon = models.JSONField(
        validators=[validate_polygon],
        help_text="[[x, y], ...] in normalized image coordinates (0-1).",
    )
    priority = models.PositiveSmallIntegerField(
        default=0, help_text="Where zones overlap, the higher priority wins."
    )
    # What counts here (analysis/screening.py): an object standing in the zone (the zone
    # of the highest priority where zones overlap) that fails one of these is kept, shown
    # as filtered with the rule, and makes or raises no event.
    classes = models.JSONField(
        default=list,
        blank=True,
        validators=[validate_classes],
        help_text="The classes that count here (person, car, dog, …); empty: every class.",
    )
    min_area = models.FloatField(
        default=0.0,
        validators=[MinValueValidator(0.0), MaxValueValidator(1.0)],
        help_text="The smallest box that counts here, as a fraction of the picture (0.01: 1 %).",
    )
    min_seconds = models.PositiveIntegerField(
        default=0,
        validators=[MaxValueValidator(3600)],
        help_text="Seconds an object must stay in the zone before it counts (loitering time).",
    )

    class Meta:
        ordering = ["camera", "-priority", "name"]
        constraints = [
            models.UniqueConstraint(fields=["camera", "name"], name="zone_name_unique_per_camera")
        ]

    def __str__(self) -> str:
        return f"{self.camera_id}: {self.name}"


# Where anyone may be without visiting the house: someone seen only here is passing by.
PUBLIC_KINDS = frozenset({"sidewalk"})  # Zone.Kind.SIDEWALK


class RejectedUpload(models.Model):
    """An upload that was not processed, and why (shown in the admin and the API)."""

    camera = models.ForeignKey(
        Camera, on_delete=models.CASCADE, null=True, blank=True, related_name="rejected_uploads"
    )
    path = models.CharField(max_length=1024, help_text="Relative to the camera root.")
    reason = models.TextField()
    size = models.BigIntegerField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["path"], name="rejected_path_idx")]

    def __str__(self) -> str:
        return f"{self.path}: {self.reason}"
