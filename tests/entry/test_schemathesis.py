"""schemathesis against the live OpenAPI schema: a real daphne, the real database. It
generates requests from the schema (edge cases, nonsense) and fails on any server error.
The seed is fixed so CI sees the same cases; explore further with SCHEMATHESIS_SEED=<n>."""

import os
import subprocess
import sys

import pytest
from knox.models import AuthToken

from homesec.roles import make_admin
from tests.servers import ROOT, RUN_DIR

pytestmark = pytest.mark.django_db(transaction=True)


def test_no_request_the_schema_allows_makes_a_server_error(daphne_server, django_user_model):
    user = django_user_model.objects.create_user("fuzzer", password="pw-for-tests")
    make_admin(user)  # every write the schema allows is tried
    _, token = AuthToken.objects.create(user=user, expiry=None)
    result = subprocess.run(
        [sys.executable, "-m", "schemathesis.cli", "run",
         f"http://{daphne_server}/api/schema/?format=json", "--url", f"http://{daphne_server}",
         "-H", f"Authorization: Token {token}", "--checks", "not_a_server_error",
         "--max-examples", "5", "--phases", "examples,coverage,fuzzing", "--no-color",
         "--exclude-path", "/ready",  # 503 is its answer while no worker runs
         "--seed", os.environ.get("SCHEMATHESIS_SEED", "20261121")],  # the same cases each run
        capture_output=True, text=True, cwd=ROOT, timeout=600,
    )  # fmt: skip
    (RUN_DIR / "schemathesis.txt").write_text(result.stdout + result.stderr)
    assert result.returncode == 0, result.stdout[-6000:] + result.stderr[-2000:]
