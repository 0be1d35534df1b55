from axes.admin import AccessAttemptAdmin
from axes.models import AccessAttempt
from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from companies.admin import UserMembershipInline
from companies.forms import InviteForm
from companies.services import TransitionError, can_invite, invite
from depok_csr.admin import CheckedListMixin

from .models import User

# Only a superuser hands out admin access and permissions; Bappeda staff manage the people
# of partners and agencies, and cannot raise anyone's rights (their own included).
PRIVILEGE_FIELDS = ["is_staff", "is_superuser", "groups", "user_permissions"]


@admin.register(User)
class UserAdmin(CheckedListMixin, BaseUserAdmin):
    list_display = ["username", "email", "first_name", "last_name", "is_staff", "is_active"]
    inlines = [UserMembershipInline]
    change_list_template = "admin/accounts/user/change_list.html"

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

    def get_urls(self):
        invite_url = path(
            "invite/", self.admin_site.admin_view(self.invite_view), name="accounts_user_invite"
        )
        return [invite_url, *super().get_urls()]

    def changelist_view(self, request, extra_context=None):
        extra_context = {**(extra_context or {}), "can_invite": can_invite(request.user)}
        return super().changelist_view(request, extra_context)

    def invite_view(self, request):
        """Staff: make an account for a person of an organisation and email a password link."""
        if not can_invite(request.user):
            raise PermissionDenied
        form = InviteForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                user = invite(
                    actor=request.user,
                    portal_url=request.build_absolute_uri("/"),
                    **form.cleaned_data,
                )
            except TransitionError as error:
                form.add_error(None, str(error))
            else:
                self.message_user(
                    request,
                    _("%(user)s is invited: a link to choose a password was emailed to %(email)s.")
                    % {"user": user, "email": user.email},
                    messages.SUCCESS,
                )
                return redirect("admin:accounts_user_change", user.pk)
        context = {
            **self.admin_site.each_context(request),
            "title": _("Invite a person"),
            "form": form,
            "opts": self.opts,
        }
        return TemplateResponse(request, "admin/accounts/user/invite.html", context)


# --- failed sign-ins (django-axes) ---------------------------------------------------------------


class SignInAttemptAdmin(CheckedListMixin, AccessAttemptAdmin):
    """Failed sign-ins per account and address; unlocking deletes them, so counting restarts."""

    actions = ["unlock", "cleanup_expired_attempts"]

    @admin.action(
        description=gettext_lazy("Unlock: forget the failed sign-ins of the selected rows"),
        permissions=["unlock"],
    )
    def unlock(self, request, queryset):
        count = queryset.count()
        queryset.delete()
        self.message_user(
            request, _("%(count)d failed sign-in record(s) removed.") % {"count": count}
        )

    def has_unlock_permission(self, request):
        return self.has_delete_permission(request)


admin.site.register(AccessAttempt, SignInAttemptAdmin)
