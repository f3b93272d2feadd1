"""The schema's import-linter: every foreign key and every migration's dependency points
down the layer list `make lint` keeps for imports (pyproject.toml), or within its app."""

import tomllib

from django.apps import apps
from django.db.migrations.loader import MigrationLoader

from tests.servers import ROOT


def layers() -> list[str]:
    """The project's apps, top down, as import-linter's layers contract lists them."""
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["importlinter"]
    return next(c["layers"] for c in config["contracts"] if c["type"] == "layers")


def upward(pairs) -> list[str]:
    """Each (from, to, what) whose `to` sits above `from` in the layers."""
    order = layers()
    rank = {app: order.index(app) for app in order}  # 0 is the top
    return [
        what
        for source, target, what in pairs
        if source in rank and target in rank and rank[target] < rank[source]
    ]


def test_every_foreign_key_points_down_the_layers():
    relations = [
        (
            model._meta.app_label,
            field.related_model._meta.app_label,
            f"{model._meta.label}.{field.name} → {field.related_model._meta.label}",
        )
        for model in apps.get_models()
        for field in model._meta.get_fields(include_hidden=False)
        if field.is_relation and field.concrete and field.related_model is not None
    ]
    assert any(app == "household" for app, _, _ in relations)  # the walk sees the apps
    assert upward(relations) == []


def test_every_migration_depends_only_on_its_own_app_and_those_below():
    """On a fresh install (what the loader plans with no history applied); an install
    that ran the migrations before the squash is checked by test_upgrade_migrations."""
    graph = MigrationLoader(None).graph
    dependencies = [
        (node.key[0], parent.key[0], f"{'.'.join(node.key)} → {'.'.join(parent.key)}")
        for node in graph.node_map.values()
        for parent in node.parents
    ]
    assert ("household", "events", "household.0001_initial → events.0001_squashed") in dependencies
    assert upward(dependencies) == []


def test_the_checks_see_an_upward_key():
    """What the two tests above rely on: an upward pair is reported, a downward one not."""
    assert upward([("events", "analysis", "up"), ("analysis", "events", "down")]) == ["up"]
    assert upward([("events", "events", "within"), ("events", "auth", "django's")]) == []
