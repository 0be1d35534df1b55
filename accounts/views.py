"""
Accounts: registering, the account page and asking to join an organisation.

Signing in and out and passwords are Django's own views (urls.py) with our templates.
Organisations sit above accounts (companies → accounts), so their form and workflow are
imported where a view runs, never when this module loads.
"""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_post_parameters

from .forms import SignUpForm
from .security import too_many_posts, too_many_posts_message


@sensitive_post_parameters("account-password1", "account-password2")
def register(request):
    """Public: a representative makes an account and asks to join, or proposes, an organisation."""
    from companies.forms import MembershipRequestForm
    from companies.services import TransitionError

    if request.user.is_authenticated:
        return redirect("accounts:join")
    account_form = SignUpForm(request.POST or None, prefix="account")
    request_form = MembershipRequestForm(request.POST or None, prefix="membership")
    context = {"account_form": account_form, "request_form": request_form}
    if too_many_posts(request, group="register", rate=settings.REGISTRATION_RATE):
        account_form.add_error(None, too_many_posts_message())
        return render(request, "accounts/register.html", context, status=429)
    if request.method == "POST" and all([account_form.is_valid(), request_form.is_valid()]):
        try:
            with transaction.atomic():
                user = account_form.save()
                membership = request_form.submit(user=user)
        except TransitionError as error:
            request_form.add_error(None, str(error))
        else:
            # Axes watches sign-ins from the second backend on; the password was just chosen.
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            messages.success(request, _waiting_message(membership))
            return redirect("accounts:account")
    return render(request, "accounts/register.html", context)


class PasswordResetView(auth_views.PasswordResetView):
    """Django's page asking for a password link, limited per address and per email asked."""

    def post(self, request, *args, **kwargs):
        if too_many_posts(
            request,
            group="password_reset",
            rate=settings.PASSWORD_RESET_RATE,
            per_email_rate=settings.PASSWORD_RESET_EMAIL_RATE,
        ):
            form = self.get_form()
            form.add_error(None, too_many_posts_message())
            return self.render_to_response(self.get_context_data(form=form), status=429)
        return super().post(request, *args, **kwargs)


@login_required
def join(request):
    """Signed in: ask to act for another organisation, or propose one; Bappeda decides."""
    from companies.forms import MembershipRequestForm
    from companies.services import TransitionError

    form = MembershipRequestForm(request.POST or None, prefix="membership")
    if request.method == "POST" and form.is_valid():
        try:
            membership = form.submit(user=request.user)
        except TransitionError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _waiting_message(membership))
            return redirect("accounts:account")
    return render(request, "accounts/join.html", {"request_form": form})


@login_required
def account(request):
    """Signed in: the person's account, their memberships with Bappeda's decision, and links."""
    memberships = request.user.memberships.select_related("organization").order_by(
        "organization__name"
    )
    return render(request, "accounts/account.html", {"memberships": memberships})


def _waiting_message(membership) -> str:
    return _(
        "Your request to act for %(organization)s is sent to Bappeda. You will receive an "
        "email when it is decided."
    ) % {"organization": membership.organization}
