import pytest

from tests import factories


@pytest.mark.django_db
@pytest.mark.parametrize(
    "page",
    [
        "/admin/cameras/camera/",
        "/admin/cameras/zone/",
        "/admin/detection/mediafile/",
        "/admin/detection/detection/",
        "/admin/analysis/batch/",
        "/admin/analysis/expectedvisitor/",
        "/admin/analysis/expectedvisitor/add/",
        "/admin/events/event/",
        "/admin/alerts/alertrule/",
        "/admin/alerts/channel/",
        "/admin/alerts/alert/",
        "/admin/alerts/delivery/",
        "/admin/alerts/housemode/",
        "/admin/homesec/deadletter/",
    ],
)
def test_every_model_is_in_the_admin(admin_client, page):
    factories.event(factories.camera(), summary="Person lingering at the back door")
    response = admin_client.get(page)
    assert response.status_code == 200


@pytest.mark.django_db
def test_the_event_list_shows_level_and_summary(admin_client):
    factories.event(factories.camera(), score=88, summary="Person lingering at the back door")
    page = admin_client.get("/admin/events/event/?risk_level__exact=critical").content.decode()
    assert "Person lingering at the back door" in page
    assert "critical" in page


def test_the_admin_requires_a_login(client):
    response = client.get("/admin/events/event/")
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def test_health_answers_without_login(client):
    assert client.get("/health").json() == {"status": "ok"}
