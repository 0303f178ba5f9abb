"""Roles and the one mechanism that guards every staff view.

Roles are Django groups (created by a data migration). They are ordered: each role can do
everything the roles below it can. A view declares the lowest role it needs, with
`role_required` (function views) or `RoleRequiredMixin` (class-based views); public views
say so with `public_view`. The URL x role test in csrplan/tests reads these declarations,
so a view that declares nothing fails the suite.
"""

from collections.abc import Callable
from dataclasses import dataclass
from functools import cache, wraps

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connections, models, router
from django.db.models import Case, IntegerField, OuterRef, QuerySet, Subquery, Value, When
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    VIEWER = "viewer", _("Viewer")
    OFFICER = "officer", _("CSR officer")
    MANAGER = "manager", _("Manager")
    ADMINISTRATOR = "administrator", _("Administrator")

    @property
    def level(self) -> int:
        return _ROLE_LEVELS[self]  # looked up: has_role runs for every navigation item of every page

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
_ROLE_LEVELS = {role: index for index, role in enumerate(Role)}


def with_role_group(users: QuerySet) -> QuerySet:
    """Users with `role_group_name`: the name of their highest role's group (None without one).

    Read in the same query as the user (RoleBackend.get_user), so the role every staff page needs
    costs no query of its own, and a role taken away applies on the very next request.
    """
    memberships = get_user_model().groups.through.objects.filter(
        user_id=OuterRef("pk"), group__name__in=ROLE_GROUP_NAMES.values()
    )
    level = Case(
        *[When(group__name=name, then=Value(role.level)) for role, name in ROLE_GROUP_NAMES.items()],
        output_field=IntegerField(),
    )
    highest = memberships.order_by(level.desc()).values("group__name")[:1]
    return users.annotate(role_group_name=Subquery(highest))


_NO_USER = -8_531_407  # a pk no user has: marks where the id goes in the compiled query


@cache
def _user_with_role_sql(alias: str) -> tuple[str, tuple, int]:
    """The user-with-role query compiled once per database: SQL, parameters, where the id goes.

    Compiling it through the ORM on every request cost about 4,000 Python calls (the subquery),
    four times the query it replaces; the query never changes, only the id.
    """
    query = with_role_group(get_user_model()._default_manager.using(alias).filter(pk=_NO_USER)).query
    sql, params = query.get_compiler(alias).as_sql()
    assert params.count(_NO_USER) == 1, params
    return sql, tuple(params), params.index(_NO_USER)


class RoleBackend(ModelBackend):
    """ModelBackend whose get_user (once per request) reads the user's highest role with the user."""

    def get_user(self, user_id):
        model = get_user_model()
        alias = router.db_for_read(model)
        sql, params, id_at = _user_with_role_sql(alias)
        try:
            user_id = model._meta.pk.to_python(user_id)
        except ValidationError:
            return None
        with connections[alias].cursor() as cursor:
            cursor.execute(sql, (*params[:id_at], user_id, *params[id_at + 1 :]))
            row = cursor.fetchone()
        if row is None:
            return None
        fields = [field.attname for field in model._meta.concrete_fields]
        user = model.from_db(alias, fields, row[: len(fields)])
        user.role_group_name = row[len(fields)]  # type: ignore[attr-defined]
        return user if self.user_can_authenticate(user) else None


def user_role(user) -> Role | None:
    """The highest role the user holds, or None (anonymous, or no role assigned)."""
    if not user.is_authenticated or not user.is_active:
        return None
    if user.is_superuser:
        return Role.ADMINISTRATOR
    if not hasattr(user, "_csrplan_role"):
        if hasattr(user, "role_group_name"):  # read with the user (RoleBackend)
            names = [user.role_group_name]
        else:
            names = list(user.groups.values_list("name", flat=True))
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
