"""Influence and interest may be empty: "not yet mapped" (a walk-in met once at an FGD), with no quadrant.

PostgreSQL cannot change a generated column's expression, so the quadrant is dropped and added again.
"""

import django.core.validators
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('stakeholders', '0004_list_order_indexes'),
    ]

    operations = [
        migrations.RemoveField(model_name='stakeholder', name='quadrant'),
        migrations.AlterField(
            model_name='historicalstakeholder',
            name='influence',
            field=models.PositiveSmallIntegerField(blank=True, default=3, null=True, validators=[django.core.validators.MinValueValidator(1), django.core.validators.MaxValueValidator(5)], verbose_name='influence'),
        ),
        migrations.AlterField(
            model_name='historicalstakeholder',
            name='interest',
            field=models.PositiveSmallIntegerField(blank=True, default=3, null=True, validators=[django.core.validators.MinValueValidator(1), django.core.validators.MaxValueValidator(5)], verbose_name='interest'),
        ),
        migrations.AlterField(
            model_name='stakeholder',
            name='influence',
            field=models.PositiveSmallIntegerField(blank=True, default=3, null=True, validators=[django.core.validators.MinValueValidator(1), django.core.validators.MaxValueValidator(5)], verbose_name='influence'),
        ),
        migrations.AlterField(
            model_name='stakeholder',
            name='interest',
            field=models.PositiveSmallIntegerField(blank=True, default=3, null=True, validators=[django.core.validators.MinValueValidator(1), django.core.validators.MaxValueValidator(5)], verbose_name='interest'),
        ),
        migrations.AddField(
            model_name='stakeholder',
            name='quadrant',
            field=models.GeneratedField(db_persist=True, expression=models.Case(models.When(models.Q(('influence__isnull', True), ('interest__isnull', True), _connector='OR'), then=models.Value(None)), models.When(models.Q(('influence__gte', 3), ('interest__gte', 3)), then=models.Value('manage_closely')), models.When(models.Q(('influence__gte', 3)), then=models.Value('keep_satisfied')), models.When(models.Q(('interest__gte', 3)), then=models.Value('keep_informed')), default=models.Value('monitor')), output_field=models.CharField(choices=[('manage_closely', 'Manage closely'), ('keep_satisfied', 'Keep satisfied'), ('keep_informed', 'Keep informed'), ('monitor', 'Monitor')], max_length=20, null=True)),
        ),
    ]
