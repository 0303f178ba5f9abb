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

import uuid

from django.conf import settings
from django.core.cache import cache

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
