"""Roles and the one mechanism that guards every staff view.

Roles are Django groups (created by a data migration). They are ordered: each role can do
everything the roles below it can. A view declares the lowest role it needs, with
`role_required` (function views) or `RoleRequiredMixin` (class-based views); public views
say so with `public_view`. The URL x role test in csrplan/tests reads these declarations,
so a view that declares nothing fails the suite.
"""

from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    VIEWER = "viewer", _("Viewer")
    OFFICER = "officer", _("CSR officer")
    MANAGER = "manager", _("Manager")
    ADMINISTRATOR = "administrator", _("Administrator")

    @property
    def level(self) -> int:
        return list(Role).index(self)

    @property
    def group_name(self) -> str:
        return ROLE_GROUP_NAMES[self]


# Group names as stored in the database (English, stable; shown translated via Role.label).
ROLE_GROUP_NAMES = {
    Role.VIEWER: "Viewer",
    Role.OFFICER: "CSR officer",
    Role.MANAGER: "Manager",
    Role.ADMINISTRATOR: "Administrator",
}
_ROLE_BY_GROUP = {name: role for role, name in ROLE_GROUP_NAMES.items()}


def user_role(user) -> Role | None:
    """The highest role the user holds, or None (anonymous, or no role assigned)."""
    if not user.is_authenticated or not user.is_active:
        return None
    if user.is_superuser:
        return Role.ADMINISTRATOR
    if not hasattr(user, "_csrplan_role"):
        names = user.groups.values_list("name", flat=True)
        roles = [_ROLE_BY_GROUP[n] for n in names if n in _ROLE_BY_GROUP]
        user._csrplan_role = max(roles, key=lambda r: r.level) if roles else None
    return user._csrplan_role


def has_role(user, minimum: Role) -> bool:
    role = user_role(user)
    return role is not None and role.level >= minimum.level


def can_see_contact_data(user) -> bool:
    """Phone numbers and e-mail addresses are personal data: viewers never see them."""
    return has_role(user, Role.OFFICER)


@dataclass(frozen=True)
class Access:
    """What a view declares about who may reach it."""

    public: bool = False
    minimum: Role | None = None


def _guard(request, minimum: Role):
    """None when allowed; a login redirect for the anonymous; 403 for users below the role."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not has_role(request.user, minimum):
        raise PermissionDenied
    return None


def role_required(minimum: Role) -> Callable:
    """Decorator for function views: login required, and at least `minimum`."""

    def decorator(view_func):
        @wraps(view_func)
        def wrapper(request, *args, **kwargs):
            return _guard(request, minimum) or view_func(request, *args, **kwargs)

        wrapper.access = Access(minimum=minimum)  # type: ignore[attr-defined]
        return wrapper

    return decorator


def public_view(view_func):
    """Marks a view as reachable without an account (it must never show personal data)."""
    view_func.access = Access(public=True)
    return view_func


class RoleRequiredMixin:
    """Mixin for class-based views: set `minimum_role`."""

    minimum_role: Role = Role.ADMINISTRATOR

    def dispatch(self, request, *args, **kwargs):
        return _guard(request, self.minimum_role) or super().dispatch(request, *args, **kwargs)  # type: ignore[misc]

    @classmethod
    def as_view(cls, **initkwargs):
        view = super().as_view(**initkwargs)  # type: ignore[misc]
        view.access = Access(minimum=initkwargs.get("minimum_role", cls.minimum_role))
        return view


class PublicMixin:
    @classmethod
    def as_view(cls, **initkwargs):
        view = super().as_view(**initkwargs)  # type: ignore[misc]
        view.access = Access(public=True)
        return view


def user_display_name(user, default: str = "") -> str:
    """How a staff user is named everywhere (pages, PDFs, pickers): the full name, else the username.

    `default` stands for nobody (a deleted or absent user); templates use the `person` filter.
    """
    if user is None:
        return default
    return user.get_full_name() or user.username
