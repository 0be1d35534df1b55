from django.apps import AppConfig
from django.db.models.signals import post_migrate, pre_migrate
from django.utils.translation import gettext_lazy as _


class ProgramsConfig(AppConfig):
    name = "programs"
    verbose_name = _("Programs")

    def ready(self):
        from .table_rules import create_table_rules, drop_table_rules

        # Triggers cannot live through Django's SQLite table rebuilds: see table_rules.py.
        pre_migrate.connect(drop_table_rules, sender=self)
        post_migrate.connect(create_table_rules, sender=self)
