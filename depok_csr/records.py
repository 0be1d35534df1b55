"""
Records the partnership is accountable for are never deleted: an organisation is archived
(not active), a need withdrawn, a pledge cancelled, a report returned. Their change history
(django-simple-history) keeps every earlier version.
"""

from django.db import models
from django.db.models import ProtectedError
from django.utils.translation import gettext as _


class RecordKept(ProtectedError):
    """Deleting a kept record was tried; the message says what to do instead."""

    def __init__(self, records):
        records = list(records)
        label = records[0]._meta.verbose_name_plural if records else ""
        super().__init__(
            _(
                "%(records)s are kept for the record and cannot be deleted: archive, withdraw, "
                "cancel or return them through their workflow instead."
            )
            % {"records": str(label).capitalize()},
            set(records),
        )


class KeptQuerySet(models.QuerySet):
    """A QuerySet whose rows cannot be deleted in bulk."""

    def delete(self):
        records = list(self[:10])
        if records:
            raise RecordKept(records)
        return 0, {}

    delete.queryset_only = True


class KeptRecord:
    """Model mixin: `delete()` refuses (bulk deletes are refused by KeptQuerySet)."""

    def delete(self, *args, **kwargs):
        raise RecordKept([self])
