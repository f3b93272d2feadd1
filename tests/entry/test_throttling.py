"""API throttling: HOMESEC_API_RATE (60 a minute) per token, per user, per address (the
connection's, whatever X-Forwarded-For claims); HOMESEC_API_USER_RATE per user across all
their tokens; at most HOMESEC_TOKENS_PER_USER live tokens."""

import pytest
from django.core.cache import cache
from rest_framework.test import APIClient

from homesec.roles import make_admin

pytestmark = pytest.mark.django_db


@pytest.fixture
def reference_rate(settings):
    settings.API_RATE = "60/min"
    settings.API_USER_RATE = "300/min"
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def resident(django_user_model):
    user = django_user_model.objects.create_user("resident", password="pw-for-tests")
    make_admin(user)
    return user


def token_client(user) -> APIClient | None:
    """A client with a new token of ``user``'s; None when minting it was refused."""
    session = APIClient()
    session.force_login(user)
    minted = session.post("/api/tokens/")
    if minted.status_code != 201:
        return None
    token = minted.json()["token"]
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


def test_a_made_up_x_forwarded_for_buys_no_new_budget(reference_rate, settings):
    settings.API_RATE = "5/min"
    for number in range(5):
        forged = APIClient(HTTP_X_FORWARDED_FOR=f"198.51.100.{number}")
        assert forged.get("/ready").status_code in (200, 503)
    refused = APIClient(HTTP_X_FORWARDED_FOR="198.51.100.77").get("/ready")
    assert refused.status_code == 429


def test_behind_a_proxy_its_forwarded_address_is_the_caller(reference_rate, settings):
    settings.API_RATE = "5/min"
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "NUM_PROXIES": 1}  # HOMESEC_PROXIES=1
    proxy = "10.0.0.2"  # every request comes through it; the header's last entry is the caller

    def through_proxy(caller: str):
        claimed = APIClient(REMOTE_ADDR=proxy, HTTP_X_FORWARDED_FOR=f"203.0.113.9, {caller}")
        return claimed.get("/ready").status_code

    for _ in range(5):
        assert through_proxy("192.0.2.1") in (200, 503)
    assert through_proxy("192.0.2.1") == 429
    assert through_proxy("192.0.2.2") in (200, 503)


def test_a_users_tokens_share_one_budget(reference_rate, settings, resident):
    settings.API_USER_RATE = "10/min"
    first, second = token_client(resident), token_client(resident)  # 2 requests
    for _ in range(4):
        assert first.get("/api/cameras/").status_code == 200
        assert second.get("/api/cameras/").status_code == 200
    third = token_client(resident)  # a new token: refused, the user's 11th request
    assert third is None
    refused = second.get("/api/cameras/")
    assert refused.status_code == 429
    assert 1 <= int(refused["Retry-After"]) <= 60


def test_a_user_holds_at_most_the_set_number_of_live_tokens(reference_rate, settings, resident):
    settings.TOKENS_PER_USER = 3
    browser = APIClient()
    browser.force_login(resident)
    made = [browser.post("/api/tokens/") for _ in range(3)]
    assert [answer.status_code for answer in made] == [201, 201, 201]
    refused = browser.post("/api/tokens/")
    assert refused.status_code == 409
    assert "HOMESEC_TOKENS_PER_USER" in refused.json()["detail"]
    assert len(browser.get("/api/tokens/").json()["results"]) == 3
    revoked = made[0].json()["token_key"]
    assert browser.delete(f"/api/tokens/{revoked}/").status_code == 204
    assert browser.post("/api/tokens/").status_code == 201
