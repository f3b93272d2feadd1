"""The Celery pipeline's plumbing, through a real worker and the real Redis broker."""

import pytest
import redis
from celery import chord
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

import celeryconfig
from homesec.celery import app
from runner.processes import wait_until


@app.task(bind=True, name="tests.measure")
def measure(self, number: int) -> dict:
    """Square a number, and say whether the worker runs this task with late acks."""
    return {"square": number * number, "acks_late": self.acks_late}


@app.task(name="tests.total")
def total(results: list[dict]) -> dict:
    return {
        "sum": sum(r["square"] for r in results),
        "all_acks_late": all(r["acks_late"] for r in results),
    }


def test_a_chord_completes_through_a_real_worker_with_late_acks(celery_worker):
    result = chord(measure.s(n) for n in range(1, 6))(total.s())
    outcome = result.get(timeout=30)
    assert outcome["sum"] == 1 + 4 + 9 + 16 + 25
    assert outcome["all_acks_late"] is True
    broker = redis.Redis.from_url(settings.REDIS_URL)
    # acknowledged once each task has returned, a moment after its result is stored
    assert wait_until(lambda: broker.hlen("unacked") == 0, timeout=10), broker.hgetall("unacked")
    del result  # let it unsubscribe now, not while the interpreter shuts down


def test_the_configuration_is_json_only_and_late_acking():
    assert app.conf.task_serializer == "json"
    assert app.conf.accept_content == ["json"]
    assert app.conf.task_acks_late is True
    assert app.conf.task_reject_on_worker_lost is True
    assert app.conf.result_backend.startswith("redis")


@pytest.mark.parametrize(
    ("task", "queue"),
    [
        ("detection.tasks.detect", "detect"),
        ("analysis.tasks.aggregate", "fast"),
        ("analysis.tasks.fast_path", "fast"),
        ("analysis.tasks.analyze_batch", "analysis"),
        ("analysis.tasks.ask_llm", "llm"),
        ("events.tasks.broadcast_event", "default"),
        ("some.unrouted.task", "default"),
    ],
)
def test_tasks_are_routed_by_name(task, queue):
    route = app.amqp.router.route({}, task)
    assert route["queue"].name == queue


def test_every_task_of_the_project_has_a_route_by_its_exact_name():
    app.loader.import_default_modules()  # every app's tasks, as a worker loads them
    project = {name for name in app.tasks if not name.startswith(("celery.", "tests."))}
    assert project == set(celeryconfig.task_routes)  # a new or renamed task needs its route
    for name, route in celeryconfig.task_routes.items():
        assert app.amqp.router.route({}, name)["queue"].name == route["queue"]


def test_a_route_by_pattern_is_an_error_at_start_up():
    routes = {**celeryconfig.task_routes, "detection.tasks.*": {"queue": "detect"}}
    with pytest.raises(ImproperlyConfigured, match=r"'detection.tasks.\*' is a pattern"):
        celeryconfig.check_routes(routes, celeryconfig.QUEUES, celeryconfig.worker_groups)


def test_a_route_to_an_undeclared_queue_is_an_error_at_start_up():
    routes = {**celeryconfig.task_routes, "detection.tasks.detect": {"queue": "gpu"}}
    with pytest.raises(ImproperlyConfigured, match="'gpu', which is not declared"):
        celeryconfig.check_routes(routes, celeryconfig.QUEUES, celeryconfig.worker_groups)


def test_a_queue_no_worker_consumes_is_an_error_at_start_up():
    groups = {k: v for k, v in celeryconfig.worker_groups.items() if k != "llm"}
    with pytest.raises(ImproperlyConfigured, match=r"no worker group consumes queue.*llm"):
        celeryconfig.check_routes(celeryconfig.task_routes, celeryconfig.QUEUES, groups)


def test_detect_and_llm_workers_take_one_message_at_a_time():
    groups = celeryconfig.worker_groups
    assert groups["detect"]["prefetch_multiplier"] == 1
    assert groups["llm"]["prefetch_multiplier"] == 1
