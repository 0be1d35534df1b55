"""Reaching the admin the way a browser does: its URLs, its action form, its import page."""

import csv
import io

from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook


def admin_url(model, view, *args):
    """The admin URL of a model's view: changelist, add, change, history, import, export..."""
    opts = model._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_{view}", args=args)


def run_action(client, model, action, objects, **extra):
    """Tick `objects` on the changelist, choose `action` and press Go (plus any extra fields)."""
    data = {"action": action, ACTION_CHECKBOX_NAME: [obj.pk for obj in objects], **extra}
    if "apply" not in extra:
        data["index"] = 0
    return client.post(admin_url(model, "changelist"), data, follow=True)


def messages_of(response):
    """The messages shown after an action (the response followed its redirect)."""
    return [str(message) for message in response.context["messages"]]


# --- spreadsheets -----------------------------------------------------------------------------

CSV_FORMAT, XLSX_FORMAT = "0", "1"  # the order of the admin's `formats`


def csv_upload(rows, name="import.csv"):
    text = io.StringIO()
    csv.writer(text).writerows(rows)
    return SimpleUploadedFile(name, text.getvalue().encode("utf-8"), content_type="text/csv")


def xlsx_upload(rows, name="import.xlsx"):
    book = Workbook()
    for row in rows:
        book.active.append(row)
    content = io.BytesIO()
    book.save(content)
    return SimpleUploadedFile(name, content.getvalue())


def import_preview(client, model, upload, file_format=CSV_FORMAT):
    """Upload a file on the import page: the preview, which saves nothing."""
    return client.post(
        admin_url(model, "import"),
        {"resource": "0", "format": file_format, "import_file": upload},
    )


def import_confirm(client, model, preview):
    """Press "Confirm import" on a preview."""
    confirm_form = preview.context["confirm_form"]
    data = {name: confirm_form[name].value() for name in confirm_form.fields}
    return client.post(admin_url(model, "process_import"), data, follow=True)
