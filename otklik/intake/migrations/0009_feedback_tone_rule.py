from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("intake", "0008_link_keys"),
    ]

    operations = [
        migrations.AddField(
            model_name="feedback",
            name="tone_rule",
            field=models.CharField(blank=True, max_length=4, verbose_name="строка таблицы тональности"),
        ),
    ]
