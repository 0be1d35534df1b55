from django.contrib.auth.models import AbstractUser
from django.utils.translation import gettext_lazy as _


class User(AbstractUser):
    """A person who signs in: Bappeda staff, an agency officer or a partner representative."""

    class Meta(AbstractUser.Meta):
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self):
        return self.get_full_name() or self.username

    @property
    def is_bappeda(self):
        """Bappeda staff: may publish, approve and verify (the permission says so, not a flag)."""
        return self.is_active and self.has_perm("programs.approve_commitment")
