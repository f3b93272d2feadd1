"""Settings of the operator's view: event clips, exports, the daily digest, analytics
(HOMESEC_* variables, read as homesec/settings.py reads its own)."""

from .env import env_bool, env_float, env_int, env_list

# Event clips (events/clips.py): an MP4 per event, made after it is published.
CLIPS_ENABLED = env_bool("HOMESEC_CLIPS", True)
CLIP_FPS = env_int("HOMESEC_CLIP_FPS", 2, lo=1, hi=30)
CLIP_PHOTO_SECONDS = env_float("HOMESEC_CLIP_PHOTO_SECONDS", 1.0, lo=0.1, hi=10)
CLIP_VIDEO_FRAMES = env_int("HOMESEC_CLIP_VIDEO_FRAMES", 20, lo=1, hi=600)
CLIP_MAX_WIDTH = env_int("HOMESEC_CLIP_MAX_WIDTH", 960, lo=64, hi=3840)
CLIP_MAX_HEIGHT = env_int("HOMESEC_CLIP_MAX_HEIGHT", 720, lo=64, hi=2160)

# Exports (ops/exports.py): CSV or ZIP, kept a day, at most this many MB.
EXPORT_MAX_MB = env_int("HOMESEC_EXPORT_MAX_MB", 500, lo=1)
EXPORT_KEEP_HOURS = env_int("HOMESEC_EXPORT_KEEP_HOURS", 24, lo=1)
# Exports one login may keep at once (running or done, until they expire): past it a new one
# is refused until the oldest expires. Each may reach HOMESEC_EXPORT_MAX_MB.
EXPORTS_PER_USER = env_int("HOMESEC_EXPORTS_PER_USER", 5, lo=1, hi=1000)

# The daily digest (ops/digest.py): at this local hour, to the channels named here.
DIGEST_HOUR = env_int("HOMESEC_DIGEST_HOUR", 8, lo=0, hi=23)
DIGEST_CHANNELS = env_list("HOMESEC_DIGEST_CHANNELS", [])
DIGEST_UNUSUAL_FACTOR = env_float("HOMESEC_DIGEST_UNUSUAL_FACTOR", 2.0, lo=1.0)
