"""Which writes replace which version token (core/versions.py): decided by the table written, for
every statement Django sends, so set-based updates and bulk inserts count like saves."""

import re

import pytest

from core import versions
from programs.models import Activity, Sdg
from programs.tests.factories import ActivityFactory


@pytest.mark.parametrize(
    ("sql", "tokens"),
    [
        ('UPDATE "programs_activity" SET "name" = %s', {versions.PUBLIC, versions.PLAN_DATA}),
        # A program's links to aspirations and places: the link tables of plan data.
        (
            'INSERT INTO "programs_program_aspirations" ("program_id")',
            {versions.PUBLIC, versions.PLAN_DATA},
        ),
        ('DELETE FROM "programs_program_regions" WHERE 1', {versions.PUBLIC, versions.PLAN_DATA}),
        (
            'INSERT INTO "fgd_aspirationcategory" ("name_id") VALUES (%s)',
            {versions.PUBLIC, versions.REFERENCE, versions.PLAN_DATA},
        ),
        (
            'UPDATE "stakeholders_region" SET "name" = %s',
            {versions.PUBLIC, versions.REFERENCE, versions.PLAN_DATA},
        ),
        # Plan pages print people's names; a sign-in's stamp is not one of them.
        ('UPDATE "auth_user" SET "first_name" = %s WHERE "auth_user"."id" = %s', {versions.PLAN_DATA}),
        ('UPDATE "auth_user" SET "last_login" = %s WHERE "auth_user"."id" = %s', set()),
        (
            'INSERT INTO "auth_user_groups" ("user_id", "group_id") VALUES (%s, %s)',
            {versions.PLAN_DATA},
        ),
        ('INSERT INTO "notifications_notification" ("title") VALUES (%s)', set()),
        ('UPDATE "django_session" SET "session_data" = %s', set()),
        ('INSERT INTO "axes_accessattempt" ("username") VALUES (%s)', set()),
        ('SELECT "programs_activity"."id" FROM "programs_activity"', set()),
    ],
)
def test_the_table_written_decides_the_tokens_replaced(sql, tokens):
    written = re.match(r'^(?:INSERT INTO|UPDATE|DELETE FROM) "(\w+)"', sql)
    unwatched = ("django_session", "axes_")
    if written and not written.group(1).startswith(unwatched):  # and the table's own token, for staff pages
        tokens = {*tokens, versions.table_token(written.group(1))}
    assert set(versions.tokens_replaced_by(sql)) == tokens


@pytest.mark.django_db
def test_a_set_based_update_and_a_bulk_insert_replace_the_tokens_at_once():
    activity = ActivityFactory()
    before = versions.current(versions.PLAN_DATA)
    Activity.objects.filter(pk=activity.pk).update(name="Pelatihan ulang")  # sends no signal
    after_update = versions.current(versions.PLAN_DATA)
    assert after_update != before

    table = versions.current(versions.table_token("programs_sdg"))
    Sdg.objects.bulk_create([Sdg(number=99, name_id="Tujuan uji", name_en="Test goal")])
    assert versions.current(versions.PLAN_DATA) != after_update
    assert versions.current(versions.table_token("programs_sdg")) != table
