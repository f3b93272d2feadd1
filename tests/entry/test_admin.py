import pytest
from django.conf import settings

from tests import factories


@pytest.mark.django_db
@pytest.mark.parametrize(
    "page",
    [
        "/admin/cameras/camera/",
        "/admin/cameras/zone/",
        "/admin/detection/mediafile/",
        "/admin/detection/detection/",
        "/admin/detection/batch/",
        "/admin/household/expectedvisitor/",
        "/admin/household/expectedvisitor/add/",
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


@pytest.mark.django_db
def test_the_admins_group_may_change_every_model_of_every_app(django_user_model):
    """An admin who is not a superuser: a model in an app the roles forgot would be one
    nobody but a superuser could change."""
    from django.apps import apps

    from homesec.roles import make_admin

    user = django_user_model.objects.create_user("ada")
    make_admin(user)
    ours = [m for m in apps.get_models() if (settings.BASE_DIR / m._meta.app_label).is_dir()]
    assert {m._meta.app_label for m in ours} >= {"household", "detection", "analysis"}
    cannot = [
        m._meta.label
        for m in ours
        if not user.has_perm(f"{m._meta.app_label}.change_{m._meta.model_name}")
    ]
    assert cannot == []
