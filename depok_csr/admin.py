"""
Building blocks the apps' admins share: workflow actions, read-only history, safe imports.

Bulk actions never set a status: each selected row goes through its workflow function, and
what one row refuses is reported without stopping the others.
"""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.views.main import ChangeList
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from import_export.formats.base_formats import CSV, XLSX
from simple_history.admin import SimpleHistoryAdmin

from depok_csr.money import format_rupiah


def rupiah_column(field, description, *, ordering=None):
    """A changelist column showing a money field (or annotation) as `Rp 1.500.000`."""

    @admin.display(description=description, ordering=ordering or field)
    def column(self, obj):
        return format_rupiah(getattr(obj, field))

    return column


def readable(error) -> str:
    if isinstance(error, ValidationError):
        return " ".join(error.messages)
    return str(error)


def run_transition(modeladmin, request, queryset, step, *, errors) -> None:
    """Call `step(obj)` on every selected row; report what succeeded and why each other failed."""
    rows = list(queryset)
    done = 0
    for obj in rows:
        try:
            step(obj)
        except (*errors, ValidationError) as error:
            modeladmin.message_user(
                request,
                _("“%(object)s” was not changed: %(error)s")
                % {"object": obj, "error": readable(error)},
                messages.ERROR,
            )
        else:
            done += 1
    modeladmin.message_user(
        request,
        _("%(done)d of %(total)d selected %(items)s done.")
        % {"done": done, "total": len(rows), "items": modeladmin.opts.verbose_name_plural},
        messages.SUCCESS if done == len(rows) else messages.WARNING,
    )


class ReasonForm(forms.Form):
    reason = forms.CharField(widget=forms.Textarea(attrs={"rows": 4, "cols": 60}), strip=True)

    def __init__(self, *args, label, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reason"].label = label


def run_transition_with_reason(
    modeladmin, request, queryset, step, *, errors, title, label, help_text=""
):
    """
    Like Django's delete confirmation: first a page asking for the reason (or note), then
    `step(obj, reason)` on every selected row. An empty reason is refused on that page.
    """
    form = ReasonForm(request.POST if "apply" in request.POST else None, label=label)
    if form.is_valid():
        reason = form.cleaned_data["reason"]
        run_transition(modeladmin, request, queryset, lambda obj: step(obj, reason), errors=errors)
        return None
    opts = modeladmin.opts
    context = {
        **modeladmin.admin_site.each_context(request),
        "title": title,
        "help_text": help_text,
        "form": form,
        "objects": list(queryset),
        "opts": opts,
        "action": request.POST.get("action", ""),
        "action_checkbox_name": ACTION_CHECKBOX_NAME,
        "changelist_url": reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist"),
    }
    return TemplateResponse(request, "admin/transition_reason.html", context)


class _DryRun(Exception):
    pass


class CreateThroughServiceMixin:
    """
    New rows are made by the app's create function (`opportunity_create`, `commitment_propose`)
    rather than by `form.save()`, so they start in their initial status with who made them,
    and whatever that function refuses shows on the form instead of as a server error.

    Subclasses define `create(request, data)` and `create_errors` (the app's TransitionError).
    """

    create_errors = ()

    def create(self, request, data):
        raise NotImplementedError

    def get_form(self, request, obj=None, change=False, **kwargs):
        form_class = super().get_form(request, obj, change=change, **kwargs)
        if obj is not None:
            return form_class
        admin = self

        class CreateForm(form_class):
            def _post_clean(self):
                super()._post_clean()
                if self.errors:
                    return
                # Ask the create function itself, in a savepoint that is always rolled back.
                try:
                    with transaction.atomic():
                        admin.create(request, self.cleaned_data)
                        raise _DryRun
                except _DryRun:
                    pass
                except (*admin.create_errors, ValidationError) as error:
                    self.add_error(None, readable(error))

        return CreateForm

    def save_model(self, request, obj, form, change):
        if change:
            return super().save_model(request, obj, form, change)
        created = self.create(request, form.cleaned_data)
        obj.pk = created.pk
        obj.refresh_from_db()
        obj._state.adding = False


def _beyond_64_bits(value: str) -> bool:
    if not value.strip().lstrip("+-").isdigit():
        return False
    try:
        return not -(2**63) <= int(value) < 2**63
    except ValueError:  # "²", or more digits than Python reads
        return True


class _CheckedChangeList(ChangeList):
    def get_filters(self, request):
        values = [value for values in self.get_filters_params().values() for value in values]
        if any("\x00" in value for value in values):
            # PostgreSQL refuses a NUL character in a query; no stored value holds one.
            raise IncorrectLookupParameters("NUL character in a filter")
        if any(_beyond_64_bits(value) for value in values):
            # An id or number no column holds: SQLite and PostgreSQL would fail on it.
            raise IncorrectLookupParameters("number out of range in a filter")
        try:
            return super().get_filters(request)
        except (ValueError, OverflowError) as error:
            # The date hierarchy's year=9999 or year=2147483648: no date Python can hold.
            raise IncorrectLookupParameters(error) from error


class CheckedListMixin:
    """
    A list's own parameters checked before Django uses them: a forged row id in a bulk action,
    a date-hierarchy year no date can hold, a NUL character or a number beyond 64 bits in a
    filter is a bad request shown as such (the list again, or Django's page for wrong filters),
    never a server error.
    """

    def get_changelist(self, request, **kwargs):
        return _CheckedChangeList

    def response_action(self, request, queryset):
        if not all(map(self._is_row_id, request.POST.getlist(ACTION_CHECKBOX_NAME))):
            self.message_user(request, _("Choose the rows from the list."), messages.WARNING)
            return None  # Django then shows the list again
        return super().response_action(request, queryset)

    def _is_row_id(self, value) -> bool:
        pk = self.opts.pk
        try:
            value = pk.to_python(value)
        except ValidationError:
            return False
        low, high = connection.ops.integer_field_range(pk.get_internal_type())
        return not isinstance(value, int) or low <= value <= high


class HistoryAdmin(CheckedListMixin, SimpleHistoryAdmin):
    """
    Change history to read, never to restore: reverting to an old version would put back an
    old status and skip the workflow functions (and their checks) altogether.
    """

    def revert_disabled(self, request, obj=None):
        return True

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        if request.method == "POST":
            raise PermissionDenied
        return super().history_form_view(request, object_id, version_id, extra_context)


class KeptRecordAdminMixin:
    """
    No delete button or bulk delete, for everyone including superusers: these rows are kept
    for the record (depok_csr/records.py) and leave through their workflow instead.
    """

    def has_delete_permission(self, request, obj=None):
        return False


class AllOrNothingImportMixin:
    """
    Spreadsheet import (CSV or XLSX) with a preview, that saves the whole file or nothing.

    The preview refuses to confirm while any row is invalid; the confirm step runs in one
    transaction and rolls back on any invalid row too (for instance when the data changed
    between preview and confirm), so a file is never half imported.
    """

    formats = [CSV, XLSX]
    import_template_name = "admin/import_all_or_nothing.html"

    def get_import_data_kwargs(self, **kwargs):
        kwargs = super().get_import_data_kwargs(**kwargs)
        kwargs["rollback_on_validation_errors"] = True
        return kwargs

    def process_result(self, result, request):
        if result.has_errors() or result.has_validation_errors():
            problems = len(result.invalid_rows) + len(result.row_errors()) + len(result.base_errors)
            self.message_user(
                request,
                _(
                    "Nothing was imported: %(count)d row(s) have errors. "
                    "Import the file again to see them."
                )
                % {"count": problems},
                messages.ERROR,
            )
            opts = self.model._meta
            return HttpResponseRedirect(reverse(f"admin:{opts.app_label}_{opts.model_name}_import"))
        return super().process_result(result, request)
