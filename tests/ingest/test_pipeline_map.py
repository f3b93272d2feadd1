"""The pipeline's map (ingest/pipeline.py ``FLOW``) is the pipeline: each stage a task
Celery knows and routes, each beat stage on beat's schedule, each arrow a call the sending
task's code makes, and no call the map leaves out; docs/architecture.md shows the map
``manage.py pipeline`` prints."""

import ast
import importlib
import inspect
import re

import celeryconfig
from homesec.celery import app
from ingest.pipeline import BEAT, FLOW, UPLOAD, describe
from tests.servers import ROOT

SENDS = {"delay", "s", "si", "apply_async"}


def sent_by(dotted: str) -> set[str]:
    """The tasks a function sends (``task.delay``, ``.s``, ``.si``, ``.apply_async``),
    following the functions of its own module that it calls; by Celery name."""
    module_name, _, function = dotted.rpartition(".")
    module = importlib.import_module(module_name)
    tree = ast.parse(inspect.getsource(module))
    functions = {node.name: node for node in ast.walk(tree) if isinstance(node, ast.FunctionDef)}
    names, todo, seen = set(), [function], set()
    while todo:
        name = todo.pop()
        if name in seen or name not in functions:
            continue
        seen.add(name)
        for node in ast.walk(functions[name]):
            if not isinstance(node, ast.Call):
                continue
            if isinstance(node.func, ast.Name):
                todo.append(node.func.id)
            elif (isinstance(node.func, ast.Attribute) and node.func.attr in SENDS
                  and isinstance(node.func.value, ast.Name)):  # fmt: skip
                names.add(node.func.value.id)
    return {getattr(module, name).name for name in names if hasattr(module, name)}


def test_each_stage_is_a_task_celery_knows_and_routes():
    tasks = {stage.task for stage in FLOW}
    for stage in FLOW:
        assert stage.task in app.tasks, stage.task
        assert stage.task in celeryconfig.task_routes, stage.task
        assert set(stage.after) <= tasks | {UPLOAD, BEAT}, stage
    scheduled = {entry["task"] for entry in celeryconfig.beat_schedule.values()}
    assert {stage.task for stage in FLOW if BEAT in stage.after} <= scheduled


def test_each_arrow_is_a_call_in_the_code_and_no_call_is_left_off_the_map():
    drawn = {(after, stage.task) for stage in FLOW for after in stage.after if after != BEAT}
    made = {
        (UPLOAD, task) if task == "detection.tasks.detect" else ("detection.tasks.detect", task)
        for task in sent_by("ingest.pipeline.chain_for")
    }
    for sender in {stage.task for stage in FLOW}:
        made |= {(sender, task) for task in sent_by(sender)}
    assert made == drawn


def test_the_docs_show_the_map_the_command_prints():
    text = (ROOT / "docs" / "architecture.md").read_text()
    block = re.search(r"<!-- manage\.py pipeline -->\n```text\n(.*?)\n```", text, re.DOTALL)
    assert block, "docs/architecture.md has no map block"
    assert block[1].splitlines() == describe(celeryconfig.task_routes)
