from django.apps import AppConfig
from django.db.models.signals import post_delete, post_migrate, post_save, pre_migrate
from django.utils.translation import gettext_lazy as _


class ProgramsConfig(AppConfig):
    name = "programs"
    verbose_name = _("Programs")

    def ready(self):
        from . import ledger
        from .models import Commitment, Opportunity, Realization
        from .table_rules import create_table_rules, drop_table_rules

        # Triggers cannot live through Django's SQLite table rebuilds: see table_rules.py.
        pre_migrate.connect(drop_table_rules, sender=self)
        post_migrate.connect(create_table_rules, sender=self)
        pre_migrate.connect(ledger.drop_triggers, sender=self)
        post_migrate.connect(ledger.create_triggers_and_rebuild, sender=self)
        # The ledger's totals are summed again when a transaction that changed their sources
        # commits (the database's triggers mark the change itself: see ledger.py).
        for source in (Commitment, Realization, Opportunity):
            post_save.connect(ledger.schedule_refresh, sender=source)
            post_delete.connect(ledger.schedule_refresh, sender=source)
