from django.contrib.auth import views as auth_views
from django.urls import path, reverse_lazy

from . import views
from .forms import PasswordResetForm

app_name = "accounts"


def _page(view, template, **options):
    # Our own template names: Django's registration/*.html belong to the admin's pages.
    return view.as_view(template_name=f"accounts/{template}.html", **options)


urlpatterns = [
    path("", views.account, name="account"),
    path("daftar/", views.register, name="register"),
    path("gabung/", views.join, name="join"),
    path(
        "masuk/",
        _page(auth_views.LoginView, "login", redirect_authenticated_user=True),
        name="login",
    ),
    path("keluar/", auth_views.LogoutView.as_view(), name="logout"),
    path(
        "kata-sandi/",
        _page(
            auth_views.PasswordChangeView,
            "password_change_form",
            success_url=reverse_lazy("accounts:password_change_done"),
        ),
        name="password_change",
    ),
    path(
        "kata-sandi/diubah/",
        _page(auth_views.PasswordChangeDoneView, "password_change_done"),
        name="password_change_done",
    ),
    path(
        "lupa-kata-sandi/",
        _page(
            views.PasswordResetView,
            "password_reset_form",
            form_class=PasswordResetForm,
            email_template_name="accounts/emails/password_reset.txt",
            subject_template_name="accounts/emails/password_reset_subject.txt",
            success_url=reverse_lazy("accounts:password_reset_done"),
        ),
        name="password_reset",
    ),
    path(
        "lupa-kata-sandi/terkirim/",
        _page(auth_views.PasswordResetDoneView, "password_reset_done"),
        name="password_reset_done",
    ),
    path(
        "atur-kata-sandi/<uidb64>/<token>/",
        _page(
            auth_views.PasswordResetConfirmView,
            "password_reset_confirm",
            success_url=reverse_lazy("accounts:password_reset_complete"),
        ),
        name="password_reset_confirm",
    ),
    path(
        "atur-kata-sandi/selesai/",
        _page(auth_views.PasswordResetCompleteView, "password_reset_complete"),
        name="password_reset_complete",
    ),
]
