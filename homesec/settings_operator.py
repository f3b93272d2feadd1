"""What the household takes out of its events: event clips (events/clips.py), exports and
the daily digest (reports/) (issue 19)."""

from .env import env_bool, env_float, env_int, env_list

TOPIC = "Clips, exports, the daily digest"

# Event clips (events/clips.py): an MP4 per event, made after it is published.
CLIPS_ENABLED = env_bool(
    "HOMESEC_CLIPS", True, help="make an MP4 clip of each event after it is published"
)
CLIP_FPS = env_int("HOMESEC_CLIP_FPS", 2, lo=1, hi=30, help="a clip's frame rate")
CLIP_PHOTO_SECONDS = env_float(
    "HOMESEC_CLIP_PHOTO_SECONDS", 1.0, lo=0.1, hi=10, help="how long a photo shows in a clip"
)
CLIP_VIDEO_FRAMES = env_int(
    "HOMESEC_CLIP_VIDEO_FRAMES", 20, lo=1, hi=600, help="frames a clip takes from a video"
)
CLIP_MAX_WIDTH = env_int("HOMESEC_CLIP_MAX_WIDTH", 960, lo=64, hi=3840, help="widest clip, px")
CLIP_MAX_HEIGHT = env_int("HOMESEC_CLIP_MAX_HEIGHT", 720, lo=64, hi=2160, help="tallest clip, px")

# Exports (reports/exports.py): CSV or ZIP, kept a day, at most this many MB.
EXPORT_MAX_MB = env_int("HOMESEC_EXPORT_MAX_MB", 500, lo=1, help="largest export (CSV or ZIP)")
EXPORT_KEEP_HOURS = env_int(
    "HOMESEC_EXPORT_KEEP_HOURS", 24, lo=1, help="how long an export is kept"
)
# Exports one login may keep at once (running or done, until they expire): past it a new one
# is refused until the oldest expires. Each may reach HOMESEC_EXPORT_MAX_MB.
EXPORTS_PER_USER = env_int(
    "HOMESEC_EXPORTS_PER_USER",
    5,
    lo=1,
    hi=1000,
    help="exports one login keeps at once (running or done); past it 429 until the oldest expires",
)

# The daily digest (reports/digest.py): at this local hour, to the channels named here.
DIGEST_HOUR = env_int("HOMESEC_DIGEST_HOUR", 8, lo=0, hi=23, help="local hour of the daily digest")
DIGEST_CHANNELS = env_list(
    "HOMESEC_DIGEST_CHANNELS",
    [],
    help="alert channels (by name) the digest goes to, besides those ticked on its page",
)
DIGEST_UNUSUAL_FACTOR = env_float(
    "HOMESEC_DIGEST_UNUSUAL_FACTOR",
    2.0,
    lo=1.0,
    help="a camera's day with this many times its daily average (of the 7 days before) is unusual",
)
