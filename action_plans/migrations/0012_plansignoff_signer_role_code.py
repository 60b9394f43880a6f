"""Sign-offs stored their signer's role as a sentence in the language of whoever signed
("Point of contact, Ministry X", "Punto de contacto, ..."). From now on the role is a code shown
in the reader's language, and the organisation and forum are names of their own. This step adds
the two name columns and turns each stored sentence back into a code and names; the next one
constrains the column to the codes."""

from django.db import migrations, models

POINT_OF_CONTACT = "point_of_contact"
CIVIL_SOCIETY_CO_CHAIR = "civil_society_co_chair"
# The sentences as the portal wrote them in English, Spanish and French.
PREFIXES = {
    POINT_OF_CONTACT: ("Point of contact, ", "Punto de contacto, ", "Point de contact, "),
    CIVIL_SOCIETY_CO_CHAIR: (
        "Civil-society co-chair of ",
        "Copresidencia de la sociedad civil de ",
        "Coprésidence société civile de ",
    ),
}
SIDE_ROLES = {"government": POINT_OF_CONTACT, "civil_society": CIVIL_SOCIETY_CO_CHAIR}


def signer_role_from_label(label: str, side: str, forum_names: list[str]) -> dict[str, str]:
    """The code, organisation and forum a stored role sentence says. A co-chair's sentence is
    "... of <forum>, <organisation>": the member's forum names tell where the forum's name ends
    (it may hold a comma itself). A sentence in no known form keeps its text as the
    organisation, with the role its side signs for."""
    label = label.strip()
    for code, prefixes in PREFIXES.items():
        for prefix in prefixes:
            if not label.startswith(prefix):
                continue
            rest = label[len(prefix) :].strip()
            if code == POINT_OF_CONTACT:
                return {"signer_role": code, "signer_organisation": rest, "signer_forum": ""}
            for forum in sorted(forum_names, key=len, reverse=True):
                if rest == forum or rest.startswith(f"{forum}, "):
                    organisation = rest[len(forum) + 2 :].strip()
                    return {
                        "signer_role": code,
                        "signer_organisation": organisation,
                        "signer_forum": forum,
                    }
            return {"signer_role": code, "signer_organisation": "", "signer_forum": rest}
    return {
        "signer_role": SIDE_ROLES.get(side, POINT_OF_CONTACT),
        "signer_organisation": label,
        "signer_forum": "",
    }


def forwards(apps, schema_editor):
    PlanSignOff = apps.get_model("action_plans", "PlanSignOff")
    Forum = apps.get_model("members", "MultiStakeholderForum")
    forums: dict[int, list[str]] = {}
    for member_id, name in Forum.objects.values_list("member_id", "name"):
        forums.setdefault(member_id, []).append(name)
    for sign_off in PlanSignOff.objects.select_related("plan").iterator():
        values = signer_role_from_label(
            sign_off.signer_role, sign_off.side, forums.get(sign_off.plan.member_id, [])
        )
        PlanSignOff.objects.filter(pk=sign_off.pk).update(**values)


def backwards(apps, schema_editor):
    PlanSignOff = apps.get_model("action_plans", "PlanSignOff")
    for sign_off in PlanSignOff.objects.iterator():
        if sign_off.signer_role == POINT_OF_CONTACT:
            label = f"Point of contact, {sign_off.signer_organisation}"
        else:
            label = f"Civil-society co-chair of {sign_off.signer_forum}"
            if sign_off.signer_organisation:
                label = f"{label}, {sign_off.signer_organisation}"
        PlanSignOff.objects.filter(pk=sign_off.pk).update(signer_role=label)


class Migration(migrations.Migration):
    dependencies = [
        ("action_plans", "0011_calendar_reminders_missed_deadline"),
        ("members", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="plansignoff",
            name="signer_forum",
            field=models.CharField(blank=True, max_length=300, verbose_name="forum"),
        ),
        migrations.AddField(
            model_name="plansignoff",
            name="signer_organisation",
            field=models.CharField(blank=True, max_length=300, verbose_name="organisation"),
        ),
        migrations.RunPython(forwards, backwards),
    ]
