"""The "Bappeda" group: what the planning agency's staff may do in the admin."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GROUP_NAME = "Bappeda"

# app label -> models whose rows Bappeda staff add, change, view and delete.
MANAGED = {
    "companies": ["organization", "sector", "contactperson", "membership"],
    "programs": ["opportunity", "commitment", "realization", "evidence", "reportingperiod"],
    "events": ["event", "registration"],
}
# Reference data and accounts: staff read them, and change what is editable data.
VIEW_AND_CHANGE = {
    "regions": ["kecamatan", "kelurahan"],
    "programs": ["theme"],
    "accounts": ["user"],
}
WORKFLOW = [
    ("programs", "publish_opportunity"),
    ("programs", "approve_commitment"),
    ("programs", "verify_realization"),
]


def create_group(apps, schema_editor):
    # Permissions are normally made after migrate; make them now so the group can hold them.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name=GROUP_NAME)

    wanted = list(WORKFLOW)
    for app_label, models in MANAGED.items():
        for model in models:
            wanted += [(app_label, f"{action}_{model}") for action in ("add", "change", "view", "delete")]
    for app_label, models in VIEW_AND_CHANGE.items():
        for model in models:
            wanted += [(app_label, f"{action}_{model}") for action in ("change", "view")]
    wanted.append(("accounts", "add_user"))

    permissions = [
        Permission.objects.get(content_type__app_label=app_label, codename=codename)
        for app_label, codename in wanted
    ]
    group.permissions.set(permissions)


def remove_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=GROUP_NAME).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("accounts", "0001_initial"),
        ("regions", "0001_initial"),
        ("companies", "0001_initial"),
        ("programs", "0001_initial"),
        ("events", "0001_initial"),
    ]

    operations = [migrations.RunPython(create_group, remove_group)]
