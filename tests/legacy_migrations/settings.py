"""The live settings with the migrations as they were before the squash of
analysis/detection/events (and before the household app): builds an old install's
database for tests/homesec/test_upgrade_migrations.py."""

from pathlib import Path

from homesec import settings as live

globals().update({name: getattr(live, name) for name in dir(live) if name.isupper()})

_here = Path(__file__).parent
_frozen = [p.name for p in _here.iterdir() if (p / "__init__.py").exists()]
# Apps with no frozen history did not exist yet: migrate leaves them out.
MIGRATION_MODULES = {
    app: f"tests.legacy_migrations.{app}" if app in _frozen else None
    for app in live.INSTALLED_APPS
    if (live.BASE_DIR / app).is_dir()
}
