from django.apps import AppConfig
from django.db.backends.signals import connection_created
from django.db.models.signals import m2m_changed, post_delete, post_migrate, post_save
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    """The ground floor: access, roles, choices, formatting, exports, charts, i18n. Imports no app."""

    name = "core"
    label = "core"
    verbose_name = _("CSR planning")

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from .fragments import bump_for_plan_data, bump_for_reference_models, bump_reference_version
        from .middleware import start_session_clock
        from .page_cache import install_write_watch
        from .roles import sync_role_permissions

        post_migrate.connect(sync_role_permissions, sender=self)
        post_save.connect(bump_for_reference_models, dispatch_uid="core.fragments.save")
        post_delete.connect(bump_for_reference_models, dispatch_uid="core.fragments.delete")
        post_migrate.connect(bump_reference_version, sender=self, dispatch_uid="core.fragments.migrate")
        post_save.connect(bump_for_plan_data, dispatch_uid="core.fragments.plan_save")
        post_delete.connect(bump_for_plan_data, dispatch_uid="core.fragments.plan_delete")
        m2m_changed.connect(bump_for_plan_data, dispatch_uid="core.fragments.plan_links")
        connection_created.connect(install_write_watch, dispatch_uid="core.page_cache.watch")
        user_logged_in.connect(start_session_clock, dispatch_uid="core.start_session_clock")

    def erase_stakeholder(self, *, stakeholder, person) -> None:
        """Hook of stakeholders.erasure: the cached pages and fragments that may print the person."""
        from .page_cache import forget_rendered_pages

        forget_rendered_pages()
