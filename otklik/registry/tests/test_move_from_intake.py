"""An installation made before the registry had an app of its own keeps its records, their links and the
rights its roles hold after `migrate`: the move changes no table."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from otklik.registry.models import Feedback, ImportBatch

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE_NODES = [
    ("intake", "0010_pending_uploads"),
    ("analysis", "0001_initial"),
    ("monitoring", "0005_routing_reasons_in_plain_russian"),
    ("reports", "0007_monthly_tally_without_copies"),
    ("measures", "0003_measure_outcome"),
]
BEFORE: list[tuple[str, str | None]] = [*BEFORE_NODES, ("registry", None)]


def _migrate(targets: list[tuple[str, str | None]]) -> MigrationExecutor:
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    executor.loader.build_graph()
    ContentType.objects.clear_cache()
    return executor


def test_records_links_and_rights_survive_the_move() -> None:
    executor = _migrate(BEFORE)
    old = executor.loader.project_state(BEFORE_NODES).apps
    channel = old.get_model("org", "Channel").objects.create(
        number=99, code="moved", name="Проверка переноса"
    )
    batch = old.get_model("intake", "ImportBatch").objects.create(channel_id=channel.pk, file_name="a.csv")
    record = old.get_model("intake", "Feedback").objects.create(
        channel_id=channel.pk,
        source_id="A-1",
        received_at=dt.datetime(2026, 11, 2, 9, tzinfo=dt.UTC),
        text="Ответ не получен",
        fingerprint="f" * 64,
        batch_id=batch.pk,
    )
    old.get_model("intake", "PersonalData").objects.create(feedback_id=record.pk, full_name="Иванов И. И.")
    old_types = old.get_model("contenttypes", "ContentType")
    batch_type, _ = old_types.objects.get_or_create(app_label="intake", model="importbatch")
    right, _ = old.get_model("auth", "Permission").objects.get_or_create(
        content_type_id=batch_type.pk, codename="view_importbatch", defaults={"name": "Can view"}
    )
    group = old.get_model("auth", "Group").objects.create(name="Проверка переноса")
    group.permissions.add(right)

    _migrate(list(executor.loader.graph.leaf_nodes()))

    moved = Feedback.objects.select_related("personal", "batch").get(pk=record.pk)
    assert (moved.source_id, moved.personal.full_name, moved.batch_id) == ("A-1", "Иванов И. И.", batch.pk)
    assert ImportBatch.objects.get(pk=batch.pk).feedback.get() == moved
    held = Permission.objects.filter(group=Group.objects.get(name="Проверка переноса"))
    assert [(p.content_type.app_label, p.codename) for p in held] == [("registry", "view_importbatch")]
    assert not ContentType.objects.filter(app_label="intake", model="importbatch").exists()
