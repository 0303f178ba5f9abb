"""Rendered fragments cached by a version key that changes with the reference data.

The filter bars of the list pages render a few hundred options (categories, regions, FGD
sessions) through Django's widget templates: about a third of the triage queue's time. Their
HTML depends only on the reference data, the language and the query string, so the templates
wrap them in `{% cache FRAGMENT_SECONDS "name" reference_version LANGUAGE_CODE … %}`.

Invalidation: `reference_version()` is a token in the shared cache; saving or deleting any
model listed in settings.REFERENCE_DATA_MODELS (post_save / post_delete, connected in
core.apps) replaces the token, so every fragment key changes and the next request renders
afresh: staff never see a stale list of options. Writes that send no signals (QuerySet.update,
bulk_create) must call `bump_reference_version()` themselves; FRAGMENT_SECONDS bounds any miss.
"""

from __future__ import annotations

import logging
import uuid

from django.conf import settings
from django.core.cache import cache

logger = logging.getLogger(__name__)
VERSION_KEY = "csrplan:reference-version"
FRAGMENT_SECONDS = 600


def reference_version() -> str:
    version = cache.get(VERSION_KEY)
    if version is None:
        version = uuid.uuid4().hex
        cache.add(VERSION_KEY, version, None)
        version = cache.get(VERSION_KEY, version)
    return version


def bump_reference_version(**_signal_kwargs) -> None:
    cache.set(VERSION_KEY, uuid.uuid4().hex, None)


def bump_for_reference_models(sender, **kwargs) -> None:
    """post_save / post_delete receiver: bumps when the model is one the fragments show."""
    if sender._meta.label in settings.REFERENCE_DATA_MODELS:
        bump_reference_version()


# --- The plan data: plans, programs, activities, realisations and what their pages show ------------
#
# The dashboard's monitoring panel and the heavy sections of the plan page and the traceability
# page are cached by `plan_data_version()`, a second token that any save or delete of a model in
# settings.PLAN_DATA_MODELS (and any change of their many-to-many links) replaces. The token is
# replaced at once (a request later in the same transaction sees the change) and again when the
# transaction commits (a request that read the old rows while the write was running cannot leave
# its stale result under the new token). Writes that send no signals call `bump_plan_data_version()`.

PLAN_VERSION_KEY = "csrplan:plan-data-version"


def plan_data_version() -> str:
    version = cache.get(PLAN_VERSION_KEY)
    if version is None:
        version = uuid.uuid4().hex
        cache.add(PLAN_VERSION_KEY, version, None)
        version = cache.get(PLAN_VERSION_KEY, version)
    return version


def bump_plan_data_version(**_signal_kwargs) -> None:
    from django.db import transaction

    def bump() -> None:
        # A write must not fail because the cache is down (a public submission saves an aspiration);
        # the entries it would have made stale are out of reach too, and expire within FRAGMENT_SECONDS.
        try:
            cache.set(PLAN_VERSION_KEY, uuid.uuid4().hex, None)
        except Exception:
            logger.warning("The plan data version could not be replaced: the cache is not answering.", exc_info=True)

    bump()
    transaction.on_commit(bump)


def _is_plan_data(model) -> bool:
    return model is not None and model._meta.label in settings.PLAN_DATA_MODELS


def bump_for_plan_data(sender, **kwargs) -> None:
    """post_save / post_delete / m2m_changed receiver. A login's `last_login` stamp is not plan data."""
    if kwargs.get("update_fields") == frozenset({"last_login"}):
        return
    if "action" in kwargs:  # m2m_changed: the link table, or either side of it
        if not kwargs["action"].startswith("post_"):
            return
        if not (_is_plan_data(sender) or _is_plan_data(type(kwargs["instance"])) or _is_plan_data(kwargs["model"])):
            return
    elif not _is_plan_data(sender):
        return
    bump_plan_data_version()
