"""Rendered fragments and figures cached under version tokens that change with what they show.

The filter bars of the list pages render a few hundred options (categories, regions, FGD
sessions): the templates wrap them in `{% cache FRAGMENT_SECONDS "name" reference_version
LANGUAGE_CODE … %}`. The dashboard's monitoring panel and the heavy sections of the plan page and
the traceability page are cached under `plan_data_version()`.

Both tokens are replaced by every write to the tables they show (settings.REFERENCE_DATA_MODELS,
settings.PLAN_DATA_MODELS): core/versions.py watches every INSERT, UPDATE and DELETE Django
sends, so staff never see a stale fragment and no service has to remember to invalidate one;
FRAGMENT_SECONDS bounds writes made outside Django.
"""

from __future__ import annotations

from . import versions

FRAGMENT_SECONDS = 600


def reference_version() -> str:
    return versions.current(versions.REFERENCE)


def plan_data_version() -> str:
    return versions.current(versions.PLAN_DATA)


def bump_reference_version() -> None:
    versions.replace(versions.REFERENCE)


def bump_plan_data_version() -> None:
    versions.replace(versions.PLAN_DATA)
