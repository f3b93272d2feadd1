"""API throttling: HOMESEC_API_RATE (60 a minute) per token, per user, per address."""

import pytest
from django.core.cache import cache
from rest_framework.test import APIClient

from homesec.roles import make_admin

pytestmark = pytest.mark.django_db


@pytest.fixture
def reference_rate(settings):
    settings.API_RATE = "60/min"
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def resident(django_user_model):
    user = django_user_model.objects.create_user("resident", password="pw-for-tests")
    make_admin(user)
    return user


def token_client(user) -> APIClient:
    session = APIClient()
    session.force_login(user)
    token = session.post("/api/tokens/").json()["token"]
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    return client


def test_the_61st_request_in_a_minute_is_refused_with_retry_after(reference_rate, resident):
    client = token_client(resident)
    answers = [client.get("/api/cameras/").status_code for _ in range(60)]
    assert answers == [200] * 60
    refused = client.get("/api/cameras/")
    assert refused.status_code == 429
    assert 1 <= int(refused["Retry-After"]) <= 60
    assert "throttled" in refused.json()["detail"].lower()


def test_each_token_has_a_budget_of_its_own(reference_rate, resident):
    first, second = token_client(resident), token_client(resident)
    for _ in range(60):
        first.get("/api/cameras/")
    assert first.get("/api/cameras/").status_code == 429
    assert second.get("/api/cameras/").status_code == 200


def test_a_browser_session_is_counted_per_user(reference_rate, resident):
    browser = APIClient()
    browser.force_login(resident)
    for _ in range(60):
        assert browser.get("/api/events/").status_code == 200
    assert browser.get("/api/events/").status_code == 429


def test_anonymous_callers_are_counted_per_address(reference_rate, settings):
    settings.API_RATE = "5/min"  # /ready, the one open endpoint, waits for workers' answers
    for _ in range(5):
        assert APIClient().get("/ready").status_code in (200, 503)
    assert APIClient().get("/ready").status_code == 429
    other = APIClient(REMOTE_ADDR="10.0.0.9")
    assert other.get("/ready").status_code in (200, 503)


def test_pictures_on_a_page_are_not_counted(reference_rate, resident):
    from detection.api import MediaFileViewSet

    assert {"original", "thumbnail", "preview"} <= set(
        name for name in dir(MediaFileViewSet) if not name.startswith("_")
    )
    browser = APIClient()
    browser.force_login(resident)
    for _ in range(70):
        assert browser.get("/api/media/999999/thumbnail/").status_code == 404
    assert browser.get("/api/events/").status_code == 200
