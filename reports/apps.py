from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = _("Reports")
    # The outbox's hook (notifications.channels.render_attachments): files it attaches when sending.
    message_attachments = {"fgd_invitation_letter": "reports.letters.fgd_invitation_letter"}

    def erase_stakeholder(self, *, stakeholder, person) -> None:
        """Hook of stakeholders.erasure: rendered documents that name an erased person are withdrawn."""
        from .services import report_jobs_withdraw_for_erasure

        report_jobs_withdraw_for_erasure(stakeholder=stakeholder)
