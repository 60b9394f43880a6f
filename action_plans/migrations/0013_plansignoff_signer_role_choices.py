from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("action_plans", "0012_plansignoff_signer_role_code")]

    operations = [
        migrations.AlterField(
            model_name="plansignoff",
            name="signer_role",
            field=models.CharField(
                choices=[
                    ("point_of_contact", "Point of contact"),
                    ("civil_society_co_chair", "Civil-society co-chair of the forum"),
                ],
                max_length=30,
                verbose_name="role",
            ),
        ),
        migrations.AddConstraint(
            model_name="plansignoff",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("signer_role__in", ["point_of_contact", "civil_society_co_chair"])
                ),
                name="plansignoff_role_valid",
            ),
        ),
    ]
