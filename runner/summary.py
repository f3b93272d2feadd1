"""What `manage.py up` prints once everything is ready: where each part is and how it
is set up (the demo camera, the detector, the LLM)."""

from pathlib import Path

from django.conf import settings
from django.utils import timezone


def relative(path: Path) -> str:
    """``path`` from the current folder when it is under it (shorter to read)."""
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def ready(urls: dict[str, str], took: float, *, env: dict[str, str], run_dir: Path) -> str:
    web = urls["web"]
    flower_password = (
        "HOMESEC_FLOWER_PASSWORD"
        if settings.FLOWER_PASSWORD
        else relative(run_dir / "secrets" / "flower.password")
    )
    return (
        f"\nReady in {took:.1f} s.\n"
        f"  Dashboard  {web}\n"
        f"  Admin      {web}admin/\n"
        f"  Flower     {urls['flower']}  (user admin, password in {flower_password})\n"
        f"  FTP        {urls['ftp']}  (user: the camera id; password: set in the admin)\n"
        f"  Cameras    upload into {settings.CAMERA_ROOT}/<camera name>/\n"
        f"  Demo       {demo_line()}\n"
        f"  Time zone  {time_zone_line(env)}\n"
        f"  Detector   {detector_line()}\n"
        f"  LLM        {llm_line(env)}\n"
        f"  Logs       {relative(run_dir / 'logs')}/\n"
        "Press Ctrl-C to stop."
    )


def detector_line() -> str:
    if settings.DETECTOR == "null":
        return (
            "null — a benchmark's stand-in: it sees nothing real and finds a person in every "
            "picture (HOMESEC_DETECTOR)"
        )
    return f"{settings.DETECTOR} on {settings.DETECTOR_DEVICE} (HOMESEC_DETECTOR)"


def demo_line() -> str:
    if not settings.DEMO_CAMERA:
        return "off (HOMESEC_DEMO)"
    return (
        f"a real photo into '{settings.CAMERA_ROOT.name}/Demo Camera/' now and every "
        f"{settings.DEMO_INTERVAL_SECONDS:.0f} s, {settings.DEMO_PHOTOS} in all "
        "(HOMESEC_DEMO=off to stop)"
    )


def time_zone_line(env: dict[str, str]) -> str:
    """The zone events, "night" and the digest are reckoned in, and the time it says now,
    so a wrong zone shows at once."""
    now = timezone.localtime(timezone.now()).strftime("%H:%M")
    if env.get("HOMESEC_TIME_ZONE", "").strip():
        return f"{settings.TIME_ZONE}, now {now} (set by HOMESEC_TIME_ZONE)"
    return f"{settings.TIME_ZONE}, now {now} (the machine's own; HOMESEC_TIME_ZONE to change)"


def llm_line(env: dict[str, str]) -> str:
    if not settings.LLM_ENABLED or not env.get("HOMESEC_LLM_URL"):
        return (
            "off: the scorer's words are shown (HOMESEC_LLM=local or HOMESEC_LLM_URL to ask an LLM)"
        )
    return (
        f"{settings.LLM_MODEL} at {env['HOMESEC_LLM_URL']}; the score is set by the "
        f"{settings.RISK_SOURCE} (HOMESEC_RISK_SOURCE)"
    )
