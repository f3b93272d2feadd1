"""/api/analytics/ counts the events of the last 7 or 30 days exactly, by camera, class,
hour of day, day and level; the Analytics page draws them."""

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from events.models import Event
from tests import factories

pytestmark = pytest.mark.django_db


def event(cam, when, score, labels):
    return Event.objects.create(
        camera=cam, started_at=when, risk_score=score, summary=labels, labels=labels
    )


@pytest.fixture
def client(django_user_model):
    client = Client()
    client.force_login(django_user_model.objects.create_user("resident", password="pw"))
    return client


@pytest.fixture
def history(settings):
    settings.TIME_ZONE = "UTC"
    now = timezone.now()
    front, back = factories.camera("Front Door"), factories.camera("Back Yard")
    three_am = (now - timedelta(days=2)).replace(hour=3, minute=0)
    ten_pm = (now - timedelta(days=2)).replace(hour=22, minute=0)
    event(front, three_am, 90, "person")  # critical
    event(front, three_am + timedelta(minutes=5), 65, "car person")  # high
    event(back, ten_pm, 10, "cat")  # low
    event(back, (now - timedelta(days=10)).replace(hour=12), 40, "car")  # 30 days only
    event(front, now - timedelta(days=40), 90, "person")  # neither


def test_the_last_7_days_are_counted_exactly(client, history):
    data = client.get("/api/analytics/?days=7").json()
    assert data["total"] == 3
    assert data["by_level"] == {"low": 1, "medium": 0, "high": 1, "critical": 1}
    cameras = {row["label"]: row["total"] for row in data["by_camera"]}
    assert cameras == {"Front Door": 2, "Back Yard": 1}
    classes = {row["label"]: row["values"] for row in data["by_class"]}
    assert classes == {
        "person": {"low": 0, "medium": 0, "high": 1, "critical": 1},
        "car": {"low": 0, "medium": 0, "high": 1, "critical": 0},
        "cat": {"low": 1, "medium": 0, "high": 0, "critical": 0},
    }
    hours = {row["key"]: row["total"] for row in data["by_hour"] if row["total"]}
    assert hours == {3: 2, 22: 1}
    assert len(data["by_hour"]) == 24
    assert sum(row["total"] for row in data["by_day"]) == 3


def test_the_last_30_days_include_the_older_events(client, history):
    data = client.get("/api/analytics/?days=30").json()
    assert data["total"] == 4
    assert data["by_level"] == {"low": 1, "medium": 1, "high": 1, "critical": 1}
    assert {row["label"]: row["total"] for row in data["by_class"]} == {
        "person": 2,
        "car": 2,
        "cat": 1,
    }
    assert len(data["by_day"]) == 31


def test_nonsense_days_are_refused_and_a_stranger_is_refused(client):
    assert client.get("/api/analytics/?days=0").status_code == 400
    assert client.get("/api/analytics/?days=week").status_code == 400
    assert Client().get("/api/analytics/").status_code in (401, 403)


def test_the_analytics_page_has_a_chart_and_its_numbers_for_each_view(client, history):
    page = client.get("/analytics/?days=30").content.decode()
    for chart in ("by_day", "by_hour", "by_camera", "by_class"):
        assert f'<svg class="chart" id="{chart}"' in page
    assert "4 events" in page
    assert '<strong aria-current="page">Last 30 days</strong>' in page
