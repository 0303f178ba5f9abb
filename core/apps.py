from django.apps import AppConfig
from django.db.backends.signals import connection_created
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    """The ground floor: access, roles, choices, formatting, exports, charts, i18n. Imports no app."""

    name = "core"
    label = "core"
    verbose_name = _("CSR planning")

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from .middleware import start_session_clock
        from .roles import sync_role_permissions
        from .versions import install_write_watch, replace_all

        post_migrate.connect(sync_role_permissions, sender=self)
        post_migrate.connect(replace_all, sender=self, dispatch_uid="core.versions.migrate")
        connection_created.connect(install_write_watch, dispatch_uid="core.versions.watch")
        user_logged_in.connect(start_session_clock, dispatch_uid="core.start_session_clock")

    def erase_stakeholder(self, *, stakeholder, person) -> None:
        """Hook of stakeholders.erasure: the cached pages and fragments that may print the person."""
        from .page_cache import forget_rendered_pages

        forget_rendered_pages()
