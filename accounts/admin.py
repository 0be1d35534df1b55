from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from companies.admin import UserMembershipInline

from .models import User

# Only a superuser hands out admin access and permissions; Bappeda staff manage the people
# of partners and agencies, and cannot raise anyone's rights (their own included).
PRIVILEGE_FIELDS = ["is_staff", "is_superuser", "groups", "user_permissions"]


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ["username", "email", "first_name", "last_name", "is_staff", "is_active"]
    inlines = [UserMembershipInline]

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if not request.user.is_superuser:
            fields += PRIVILEGE_FIELDS
        return fields

    def has_change_permission(self, request, obj=None):
        # Another staff account (its password included) is the superuser's to change.
        if (
            obj is not None
            and not request.user.is_superuser
            and obj != request.user
            and (obj.is_staff or obj.is_superuser)
        ):
            return False
        return super().has_change_permission(request, obj)
