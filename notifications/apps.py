from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "notifications"
    verbose_name = _("Notifications")

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in

        user_logged_in.connect(_count_unread_at_sign_in, dispatch_uid="notifications.count_unread_at_sign_in")


def _count_unread_at_sign_in(sender, user, **kwargs) -> None:
    """The bell's count is cached when a person signs in, so their pages read it without a query."""
    from .selectors import unread_count

    unread_count(user)
