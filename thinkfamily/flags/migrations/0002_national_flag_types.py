"""The flag types every service shares (R2.1). Safeguarding leads may add others."""

from django.db import migrations

NATIONAL_FLAG_TYPES = [
    ("cp_plan", "Child protection plan", "child_protection_plan", "Subject to a child protection plan"),
    (
        "unborn_cp_plan",
        "Unborn child protection plan",
        "child_protection_plan",
        "A child protection plan made before birth; recorded on the unborn child, found through the mother",
    ),
    ("looked_after", "Looked after", "looked_after", "In the care of a local authority"),
    ("placed_for_adoption", "Placed for adoption", "placed_for_adoption", "Placed with prospective adopters"),
    ("child_in_need", "Child in need", "child_in_need", "Child in need plan (Children Act 1989 s17)"),
    ("marac", "MARAC", "", "Discussed at a multi-agency risk assessment conference (high-risk domestic abuse)"),
    ("mappa", "MAPPA", "", "Managed under multi-agency public protection arrangements"),
    ("domestic_abuse", "Domestic abuse incident", "", "A domestic abuse incident reported to police"),
    ("cse_risk", "Child sexual exploitation risk", "", "At risk of child sexual exploitation"),
    ("cce_risk", "Child criminal exploitation risk", "", "At risk of criminal exploitation, including county lines"),
    ("fgm_risk", "FGM risk", "", "At risk of female genital mutilation"),
    ("fgm_is", "FGM-IS", "", "Female genital mutilation information sharing: a girl whose family has a history of FGM"),
    ("missing_episodes", "Missing episodes", "", "Has been reported missing"),
]


def add_types(apps, schema_editor):
    FlagType = apps.get_model("flags", "FlagType")
    for code, label, legal_status, description in NATIONAL_FLAG_TYPES:
        FlagType.objects.update_or_create(
            code=code, defaults={"label": label, "from_legal_status": legal_status, "description": description}
        )


def remove_types(apps, schema_editor):
    apps.get_model("flags", "FlagType").objects.filter(code__in=[t[0] for t in NATIONAL_FLAG_TYPES]).delete()


class Migration(migrations.Migration):
    dependencies = [("flags", "0001_initial")]
    operations = [migrations.RunPython(add_types, remove_types)]
