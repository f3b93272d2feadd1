"""Settings come from HOMESEC_* variables; nonsense is refused with a message naming it."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from homesec.env import env_bool, env_float, env_int, env_list, env_path
from tests.servers import ROOT


@pytest.fixture
def env(monkeypatch):
    def set_env(**values):
        for name, value in values.items():
            monkeypatch.setenv(name, value)

    return set_env


def test_unset_and_blank_variables_give_the_default(env):
    env(HOMESEC_X="  ")
    assert env_int("HOMESEC_X", 90) == 90
    assert env_bool("HOMESEC_UNSET", True) is True
    assert env_list("HOMESEC_UNSET", ["person"]) == ["person"]


@pytest.mark.parametrize(
    ("value", "expected"), [("true", True), ("ON", True), ("1", True), ("no", False)]
)
def test_booleans_are_read_in_the_usual_spellings(env, value, expected):
    env(HOMESEC_FLAG=value)
    assert env_bool("HOMESEC_FLAG", not expected) is expected


@pytest.mark.parametrize(
    ("reader", "value", "message"),
    [
        (lambda: env_bool("HOMESEC_V", False), "maybe", "expected true or false"),
        (lambda: env_int("HOMESEC_V", 1), "ninety", "expected a whole number"),
        (lambda: env_int("HOMESEC_V", 1, lo=1), "0", "expected a number from 1 to inf"),
        (lambda: env_float("HOMESEC_V", 0.5, lo=0, hi=1), "1.5", "from 0 to 1"),
        (lambda: env_float("HOMESEC_V", 0.5), "nan", "expected a finite number"),
        (lambda: env_list("HOMESEC_V", ["a"]), '["person", 3]', "a list of strings"),
        (lambda: env_list("HOMESEC_V", ["a"]), "[not json", "a JSON list"),
        (lambda: env_list("HOMESEC_V", ["a"]), " , ,", "at least one item"),
    ],
)
def test_nonsense_is_refused_naming_the_variable(env, reader, value, message):
    env(HOMESEC_V=value)
    with pytest.raises(ImproperlyConfigured, match=message) as error:
        reader()
    assert "HOMESEC_V=" in str(error.value)


def test_lists_are_read_as_json_or_comma_separated(env):
    env(HOMESEC_A='["person", "car"]', HOMESEC_B="person, car ,dog")
    assert env_list("HOMESEC_A", []) == ["person", "car"]
    assert env_list("HOMESEC_B", []) == ["person", "car", "dog"]


def test_a_secret_can_come_from_a_file(env, tmp_path):
    secret = tmp_path / "key"
    secret.write_text("s3cret\n")
    env(HOMESEC_KEY_FILE=str(secret))
    from homesec.env import env_str

    assert env_str("HOMESEC_KEY") == "s3cret"
    env(HOMESEC_KEY_FILE=str(tmp_path / "missing"))
    with pytest.raises(ImproperlyConfigured, match="HOMESEC_KEY_FILE"):
        env_str("HOMESEC_KEY")


def test_paths_are_made_absolute(env):
    env(HOMESEC_P="relative/dir")
    assert env_path("HOMESEC_P", ROOT).is_absolute()


def test_reference_defaults(settings):
    assert settings.DETECTION_CONFIDENCE_THRESHOLD == 0.5
    assert settings.FAST_PATH_CONFIDENCE_THRESHOLD == 0.90
    assert settings.FAST_PATH_OBJECT_TYPES == ["person"]
    assert settings.BATCH_WINDOW_SECONDS == 90
    assert settings.BATCH_IDLE_TIMEOUT_SECONDS == 30
    assert settings.RETENTION_DAYS == 30
    assert settings.DEDUPE_TTL_SECONDS == 300
    assert settings.RISK_BANDS == {"medium": 30, "high": 60, "critical": 85}


def load_settings(**variables) -> subprocess.CompletedProcess:
    code = "import django; django.setup(); print('ok')"
    return subprocess.run(
        [sys.executable, "-c", code],
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "homesec.settings", **variables},
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )


def time_zone_of(**variables) -> str:
    """TIME_ZONE as a fresh process reads it, with the environment's TZ and
    HOMESEC_TIME_ZONE left out (Django sets TZ in this one) unless given here."""
    code = "from django.conf import settings; print(settings.TIME_ZONE)"
    env = {k: v for k, v in os.environ.items() if k not in ("TZ", "HOMESEC_TIME_ZONE")}
    result = subprocess.run(
        [sys.executable, "-c", code],
        env={**env, "DJANGO_SETTINGS_MODULE": "homesec.settings", **variables},
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return result.stdout.strip()


def machine_zones() -> set[str]:
    """The zone this machine's own files name (/etc/timezone, the /etc/localtime link)."""
    names = set()
    if Path("/etc/timezone").is_file():
        names.add(Path("/etc/timezone").read_text().strip())
    if Path("/etc/localtime").is_symlink():
        names.add(os.readlink("/etc/localtime").partition("zoneinfo/")[2])
    return (names - {""}) or {"UTC"}


def test_the_time_zone_defaults_to_the_machines_own():
    assert time_zone_of() in machine_zones()


def test_the_time_zone_follows_TZ_and_HOMESEC_TIME_ZONE_overrides_it():
    assert time_zone_of(TZ="America/Bogota") == "America/Bogota"
    assert time_zone_of(TZ="America/Bogota", HOMESEC_TIME_ZONE="Asia/Tokyo") == "Asia/Tokyo"


def test_make_runs_summary_shows_the_time_zone(settings):
    from runner.summary import time_zone_line

    settings.TIME_ZONE = "America/Bogota"
    assert time_zone_line({}).startswith("America/Bogota, now ")
    assert "the machine's own" in time_zone_line({})
    assert "set by HOMESEC_TIME_ZONE" in time_zone_line({"HOMESEC_TIME_ZONE": "America/Bogota"})


@pytest.mark.parametrize(
    ("variables", "message"),
    [
        ({"HOMESEC_BATCH_WINDOW_SECONDS": "ninety"}, "HOMESEC_BATCH_WINDOW_SECONDS='ninety'"),
        ({"HOMESEC_BATCH_IDLE_TIMEOUT_SECONDS": "120"}, "cannot be longer than"),
        ({"HOMESEC_RISK_HIGH_FROM": "20"}, "HOMESEC_RISK_MEDIUM_FROM < HOMESEC_RISK_HIGH_FROM"),
        ({"DATABASE_URL": "sqlite:///db.sqlite3"}, "homesec needs PostgreSQL"),
        ({"REDIS_URL": "localhost:6379"}, "must start with redis://"),
        ({"HOMESEC_DETECTOR": "yolo"}, "HOMESEC_DETECTOR='yolo' is not a detector; choose one"),
    ],
)
def test_the_app_refuses_to_start_on_bad_settings(variables, message):
    result = load_settings(**variables)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert message in result.stderr


def test_the_app_starts_on_good_settings():
    result = load_settings(HOMESEC_FAST_PATH_OBJECT_TYPES='["person", "car"]')
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "ok"


def llm_of(**variables) -> str:
    """Whether a fresh process asks an LLM, with HOMESEC_LLM and HOMESEC_LLM_URL left
    out of the environment unless given here."""
    code = "from django.conf import settings; print(settings.LLM_ENABLED)"
    env = {k: v for k, v in os.environ.items() if k not in ("HOMESEC_LLM", "HOMESEC_LLM_URL")}
    result = subprocess.run(
        [sys.executable, "-c", code],
        env={**env, "DJANGO_SETTINGS_MODULE": "homesec.settings", **variables},
        cwd=ROOT, capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    return result.stdout.strip() or result.stderr


def test_no_llm_is_asked_by_default_and_local_or_a_url_turns_it_on():
    assert llm_of() == "False"  # on a CPU the scorer's words are shown (docs/judgement.md)
    assert llm_of(HOMESEC_LLM="local") == "True"
    assert llm_of(HOMESEC_LLM_URL="http://gpu-box:8000/v1") == "True"
    assert llm_of(HOMESEC_LLM="off", HOMESEC_LLM_URL="http://gpu-box:8000/v1") == "False"
    assert llm_of(HOMESEC_LLM="true") == "True"  # the old spelling of local
    assert "HOMESEC_LLM='maybe'" in llm_of(HOMESEC_LLM="maybe")
