"""Static files with their content's hash in the URL (``app.css?v=1a2b3c4d5e6f``), so a
browser may keep them for a year (``WHITENOISE_MAX_AGE``) and still sees a new version
the moment it changes. whitenoise's own answer (``CompressedManifestStaticFilesStorage``)
needs a ``collectstatic`` step before every start; this needs none."""

import hashlib
from functools import cache

from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import StaticFilesStorage


class VersionedStaticFiles(StaticFilesStorage):
    def url(self, name):
        version = _version(name)
        return f"{super().url(name)}?v={version}" if version else super().url(name)


@cache
def _version(name: str) -> str | None:
    path = finders.find(name)
    if not path:
        return None
    with open(path, "rb") as file:
        return hashlib.sha256(file.read()).hexdigest()[:12]
