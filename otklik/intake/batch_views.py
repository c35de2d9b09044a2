from __future__ import annotations

from pathlib import Path

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import F
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from otklik.audit import services as audit
from otklik.intake import readers, stored_files, upload
from otklik.intake.importer import ImportRefused, resolve_mapping
from otklik.intake.models import PendingUpload, QuarantineRow, SavedMapping
from otklik.org.models import Channel
from otklik.registry.access import batches_visible_to, record_look, sees_personal_data, shown_message
from otklik.registry.models import ImportBatch
from otklik.registry.record import FeedbackRecord
from otklik.registry.services import register_many

SESSION_KEY = "otklik_pending_upload"


@login_required
@permission_required("registry.view_importbatch", raise_exception=True)
def batches(request: HttpRequest) -> HttpResponse:
    page = Paginator(batches_visible_to(request.user).select_related("channel", "created_by"), 30).get_page(
        request.GET.get("page")
    )
    return render(request, "intake/batches.html", {"page": page})


@login_required
@permission_required("registry.add_importbatch", raise_exception=True)
def upload_view(request: HttpRequest) -> HttpResponse:
    channels = Channel.objects.all()
    mappings = sorted(
        set(readers.available_mappings()) | set(SavedMapping.objects.values_list("name", flat=True))
    )
    if request.method != "POST":
        return render(request, "intake/upload.html", {"channels": channels, "mappings": mappings})
    channel, mapping = request.POST.get("channel", ""), request.POST.get("mapping", "")
    file = request.FILES.get("file")
    error = ""
    if not Channel.objects.filter(code=channel).exists():
        error = "Выберите поток."
    elif file is None:
        error = "Выберите файл."
    elif file.size and file.size > readers.DEFAULT_LIMITS.max_bytes:
        error = "Файл больше допустимого размера."
    if error:
        return render(
            request,
            "intake/upload.html",
            {"channels": channels, "mappings": mappings, "error": error},
            status=400,
        )
    assert file is not None
    path = upload.store_upload(file)
    try:
        upload.check(path, channel, mapping)
    except readers.UnreadableFile as exc:
        if "нет обязательных столбцов" in exc.message:
            pending = upload.hold(path, channel=channel, file_name=file.name or "", acting_user=request.user)
            request.session[SESSION_KEY] = pending.pk
            messages.warning(request, exc.message + " Сопоставьте столбцы файла с полями реестра.")
            return redirect("intake:mapping")
        path.unlink(missing_ok=True)
        return render(
            request,
            "intake/upload.html",
            {"channels": channels, "mappings": mappings, "error": f"Файл отклонен: {exc.message}"},
            status=400,
        )
    except ImportRefused as exc:
        path.unlink(missing_ok=True)
        return render(
            request,
            "intake/upload.html",
            {"channels": channels, "mappings": mappings, "error": str(exc)},
            status=400,
        )
    try:
        batch = upload.enqueue(path, channel=channel, mapping=mapping, acting_user=request.user)
    except upload.ImportBusy as exc:
        return render(
            request,
            "intake/upload.html",
            {"channels": channels, "mappings": mappings, "error": str(exc)},
            status=409,
        )
    messages.success(request, f"Файл принят: пакет №{batch.pk} поставлен в очередь загрузки")
    return redirect("intake:batch", pk=batch.pk)


@login_required
@permission_required("registry.add_importbatch", raise_exception=True)
def mapping_view(request: HttpRequest) -> HttpResponse:
    pending = _pending_upload(request)
    if pending is None:
        messages.error(request, "Нет файла, ожидающего сопоставления столбцов: загрузите его снова.")
        return redirect("intake:upload")
    path = stored_files.write_out(pending)  # this process's copy: the upload may have come through another
    if path is None:
        pending.delete()
        messages.error(request, "Нет файла, ожидающего сопоставления столбцов: загрузите его снова.")
        return redirect("intake:upload")
    try:
        return _match_columns(request, pending, path)
    finally:
        path.unlink(missing_ok=True)


def _pending_upload(request: HttpRequest) -> PendingUpload | None:
    """The upload this person left at the column-matching step, whichever web process took it."""
    key = request.session.get(SESSION_KEY)
    if not isinstance(key, int):
        return None
    return (
        PendingUpload.objects.filter(pk=key, uploaded_by_id=request.user.pk).select_related("channel").first()
    )


def _match_columns(request: HttpRequest, pending: PendingUpload, path: Path) -> HttpResponse:
    columns = upload.columns_of(path)
    context = {"columns": columns, "fields": upload.FIELD_CHOICES, "file_name": pending.file_name}
    if request.method != "POST":
        return render(request, "intake/mapping.html", context)
    name = request.POST.get("name", "").strip()
    assignments = {c: request.POST.get(f"col_{i}", "") for i, c in enumerate(columns)}
    channel = pending.channel.code
    try:
        definition = upload.mapping_definition(name, channel, assignments)
        readers.mapping_from_dict(definition)
        upload.check_definition(path, definition)
    except (readers.MappingError, readers.UnreadableFile) as exc:
        context["error"] = getattr(exc, "message", str(exc))
        return render(request, "intake/mapping.html", context, status=400)
    with transaction.atomic():
        saved, _ = SavedMapping.objects.update_or_create(
            name=name, defaults={"channel": pending.channel, "definition": definition}
        )
        audit.record("mapping.saved", acting_user=request.user, obj=saved, changes=definition)
    del request.session[SESSION_KEY]
    try:
        batch = upload.enqueue(path, channel=channel, mapping=name, acting_user=request.user)
    except upload.ImportBusy as exc:
        messages.error(request, str(exc))
        return redirect("intake:upload")
    finally:
        pending.delete()
    messages.success(request, f"Шаблон «{name}» сохранен; пакет №{batch.pk} поставлен в очередь")
    return redirect("intake:batch", pk=batch.pk)


@login_required
@permission_required("registry.view_importbatch", raise_exception=True)
def batch_view(request: HttpRequest, pk: int) -> HttpResponse:
    batch = get_object_or_404(batches_visible_to(request.user).select_related("channel", "created_by"), pk=pk)
    quarantine = Paginator(batch.quarantine.all(), 50).get_page(request.GET.get("page"))
    show_values = sees_personal_data(request.user)
    # A reason quotes the value that failed (an ИНН, a name): masked, like the row, for a role without
    # the right.
    rows = [
        (row, shown_message(row.reason, request.user, [str(v) for v in row.raw.values()]))
        for row in quarantine
    ]
    failed = batch.status in (ImportBatch.Status.FAILED, ImportBatch.Status.PARTIAL) and bool(batch.message)
    if show_values and (rows or failed):
        record_look(request.user, ["quarantine"] if rows else ["message"], batch)
    return render(
        request,
        "intake/batch.html",
        {
            "batch": batch,
            "message": shown_message(batch.message, request.user),
            "quarantine": quarantine,
            "rows": rows,
            "show_values": show_values,
            "can_fix": request.user.has_perm("intake.change_quarantinerow"),
            "running": batch.status in (ImportBatch.Status.QUEUED, ImportBatch.Status.RUNNING),
        },
    )


@login_required
@permission_required("registry.view_importbatch", raise_exception=True)
def batch_progress(request: HttpRequest, pk: int) -> JsonResponse:
    batch = get_object_or_404(batches_visible_to(request.user), pk=pk)
    finished = batch.status not in (ImportBatch.Status.QUEUED, ImportBatch.Status.RUNNING)
    text = f"{batch.get_status_display()}: обработано {batch.position} из {batch.total_rows or '…'}"
    return JsonResponse(
        {"done": batch.position, "total": batch.total_rows, "finished": finished, "text": text}
    )


@login_required
@permission_required("intake.change_quarantinerow", raise_exception=True)
@require_POST
def quarantine_fix(request: HttpRequest, pk: int) -> HttpResponse:
    row = get_object_or_404(
        QuarantineRow.objects.select_related("batch", "batch__channel").filter(
            batch__in=batches_visible_to(request.user)
        ),
        pk=pk,
        status=QuarantineRow.Status.OPEN,
    )
    batch = row.batch
    if request.POST.get("action") == "discard":
        with transaction.atomic():
            QuarantineRow.objects.filter(pk=row.pk).update(status=QuarantineRow.Status.DISCARDED)
            audit.record(
                "quarantine.discarded", acting_user=request.user, obj=batch, changes={"row": row.row_number}
            )
        messages.info(request, f"Строка {row.row_number} отклонена")
        return redirect("intake:batch", pk=batch.pk)
    values = {k: request.POST.get(f"v_{i}", "") for i, k in enumerate(row.raw)}
    try:
        mapping = resolve_mapping(batch.mapping, batch.channel.code)
    except ImportRefused as exc:
        messages.error(request, str(exc))
        return redirect("intake:batch", pk=batch.pk)
    outcome = readers.apply_mapping(readers.RawRow(row.row_number, values), mapping)
    if not isinstance(outcome, FeedbackRecord):
        messages.error(
            request, shown_message("; ".join(str(e) for e in outcome), request.user, values.values())
        )
        return redirect("intake:batch", pk=batch.pk)
    with transaction.atomic():
        (result,) = register_many([outcome], batch=batch, acting_user=request.user)
        if result.status == "rejected":
            transaction.set_rollback(True)
            reason = shown_message(result.reason, request.user, values.values())
            messages.error(request, f"Строка {row.row_number}: {reason}")
            return redirect("intake:batch", pk=batch.pk)
        QuarantineRow.objects.filter(pk=row.pk).update(status=QuarantineRow.Status.ACCEPTED, raw=values)
        if result.status == "created":
            ImportBatch.objects.filter(pk=batch.pk).update(created_count=F("created_count") + 1)
        audit.record(
            "quarantine.accepted",
            acting_user=request.user,
            obj=batch,
            changes={"row": row.row_number, "feedback": result.feedback_id},
        )
    messages.success(request, f"Строка {row.row_number} исправлена и принята")
    return redirect("intake:batch", pk=batch.pk)
