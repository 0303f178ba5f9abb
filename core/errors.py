"""One error hierarchy: a refused request whose message is meant for people.

Services raise a subclass of `DomainError` (each app names its own: `PlanError`, `TransitionError`,
`SessionError`, `ReportError`, `UnreadableFile`…) with a translatable message. Views catch
`DomainError` and show the message one way: on the form, which keeps what the person typed
(`show_on_form`), or as a flash message after a button-only POST (`flash`). Anything else is
unexpected: it is not caught, so Django logs it and answers 500.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.contrib import messages

if TYPE_CHECKING:
    from django import forms
    from django.http import HttpRequest
    from django.utils.functional import _StrPromise


class DomainError(Exception):
    """A rule said no. `message` is for people (translated); `code` is for tests and callers;
    `field` names the form field the message belongs to, if any."""

    def __init__(self, message: str | _StrPromise, *, code: str | None = None, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.code = code
        self.field = field

    def __str__(self) -> str:
        return str(self.message)

    @property
    def messages(self) -> list[str]:
        return [str(self.message)]


def show_on_form(form: forms.BaseForm, error: DomainError) -> None:
    """Puts the message on the form (on its field when the form has it), so the page shows it
    next to the data the person typed."""
    field = error.field if error.field in form.fields else None
    form.add_error(field, str(error))


def flash(request: HttpRequest, error: DomainError | Any) -> None:
    """For a POST without a form to show again: the message goes to the next page."""
    messages.error(request, str(error))
