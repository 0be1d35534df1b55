from django.contrib import admin
from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from depok_csr.admin import CheckedListMixin

from .models import Kecamatan, Kelurahan


class KelurahanInline(admin.TabularInline):
    model = Kelurahan
    fields = ["code", "name", "postal_code"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Kecamatan)
class KecamatanAdmin(CheckedListMixin, admin.ModelAdmin):
    """Reference geography, loaded from the data files; staff correct it but do not add to it."""

    list_display = ["name", "code", "bps_code", "kelurahan_count"]
    search_fields = ["name", "code"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [KelurahanInline]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(kelurahan_total=Count("kelurahan"))

    @admin.display(description=_("kelurahan"), ordering="kelurahan_total")
    def kelurahan_count(self, obj):
        return obj.kelurahan_total


@admin.register(Kelurahan)
class KelurahanAdmin(CheckedListMixin, admin.ModelAdmin):
    list_display = ["name", "code", "kecamatan", "postal_code"]
    list_filter = ["kecamatan"]
    search_fields = ["name", "code", "kecamatan__name", "postal_code"]
    autocomplete_fields = ["kecamatan"]

    def get_queryset(self, request):
        # The kecamatan is part of every kelurahan's name (two are called Curug): the
        # changelist and the autocomplete of other forms both print it.
        return super().get_queryset(request).select_related("kecamatan")
