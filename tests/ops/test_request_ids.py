"""Request ids: taken or made for every request, answered, in each log line of the request
and of the tasks it enqueued."""

import logging
import time

import pytest
from rest_framework.test import APIClient

from homesec.models import DeadLetter
from homesec.roles import make_admin


@pytest.fixture
def admin_api(django_user_model) -> APIClient:
    user = django_user_model.objects.create_user("resident", password="pw-for-tests")
    make_admin(user)
    client = APIClient()
    client.force_authenticate(user)
    return client


@pytest.mark.django_db
def test_a_request_without_an_id_gets_a_new_one_in_its_answer(admin_api):
    first = admin_api.get("/api/cameras/")["X-Request-ID"]
    second = admin_api.get("/health")["X-Request-ID"]
    assert len(first) == 32
    assert len(second) == 32
    assert first != second


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("given", "kept"),
    [("abc-123_x.y:z", True), ("x" * 64, True), ("x" * 65, False), ("a b", False),
     ("<script>", False), ("", False)],
)  # fmt: skip
def test_a_given_id_is_kept_only_when_short_and_plain(admin_api, given, kept):
    answered = admin_api.get("/api/cameras/", HTTP_X_REQUEST_ID=given)["X-Request-ID"]
    assert (answered == given) is kept
    assert len(answered) <= 64


class Kept(logging.Handler):
    def __init__(self):
        super().__init__(logging.INFO)
        self.records = []

    def emit(self, record):
        self.records.append(record)


@pytest.fixture
def kept():
    handler = Kept()
    logging.getLogger("ops").addHandler(handler)  # the worker re-runs dictConfig (root)
    yield handler
    logging.getLogger("ops").removeHandler(handler)


def test_the_tasks_a_request_enqueues_log_with_its_id(admin_api, celery_worker, kept):
    caplog = kept
    letter = DeadLetter.objects.create(task="ops.tasks.cleanup", args=[], error="test")
    response = admin_api.post(
        f"/api/dead-letters/{letter.pk}/requeue/", HTTP_X_REQUEST_ID="req-from-script-1"
    )
    assert response.status_code == 202
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        done = [r for r in caplog.records if r.getMessage().startswith("retention removed")]
        if done:
            break
        time.sleep(0.1)
    assert done, "the requeued cleanup task never logged"
    assert done[0].request_id == "req-from-script-1"
    requeued = [r for r in caplog.records if r.getMessage().startswith("requeued ops.tasks")]
    assert requeued[0].request_id == "req-from-script-1"
    later = [r for r in caplog.records if r.created > done[0].created + 0.5]
    assert all(r.request_id in (None, "-") for r in later if r.name.startswith("ops"))
