"""Letters the outbox attaches to messages: the FGD invitation letter (*surat undangan*).

fgd queues the invitation (notifications is below it) naming the letter by plain data
(`{"kind": "fgd_invitation_letter", "invitation": pk}`); the outbox asks this module, through
`ReportsConfig.message_attachments`, to render it when the message is sent, in the invitee's
language, with the same WeasyPrint pipeline (and static-only fetcher) as every other PDF.
"""

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from fgd.models import Invitation
from fgd.selectors.sessions import minutes_items
from fgd.services.notices import rsvp_url
from notifications.channels import Attachment

from .documents import _common, long_date
from .rendering import html_to_pdf

ROMAN_MONTHS = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII"]


def letter_number(invitation: Invitation, on) -> str:
    """ "012/UND-TJSL/VII/2025": the session's number in the company's register of letters, the
    month in Roman numerals and the year of the letter, as Indonesian letters are numbered."""
    return f"{invitation.session_id:03d}/UND-TJSL/{ROMAN_MONTHS[on.month - 1]}/{on.year}"


def invitation_letter_html(*, invitation: Invitation, language: str) -> str:
    session = invitation.session
    stakeholder = invitation.stakeholder
    with translation.override(language):
        starts = timezone.localtime(session.starts_at)
        written = timezone.localtime(invitation.invited_at or timezone.now())
        # A letter has no running header, footer or page counter: the letterhead is its header.
        context = _common(language, _("FGD invitation")) | {
            "header_title": "none",
            "footer_left": "none",
            "page_counter": "none",
            "session": session,
            "stakeholder": stakeholder,
            "organization": stakeholder.organization,
            "number": letter_number(invitation, written),
            "written_on": long_date(written),
            "place": session.region.name if session.region else "Balikpapan",
            "day_and_date": f"{date_format(starts, 'l')}, {date_format(starts, 'DATE_FORMAT')}",
            "time": date_format(starts, "TIME_FORMAT"),
            "agenda": minutes_items(session.agenda),
            "rsvp_url": rsvp_url(invitation),
            "signatory": settings.INVITATION_SIGNATORY,
            "signatory_title": settings.INVITATION_SIGNATORY_TITLE,
        }
        return render_to_string("reports/pdf/invitation_letter.html", context)


def fgd_invitation_letter(spec: dict, *, language: str) -> Attachment:
    """The outbox's renderer (`message_attachments`): spec {"invitation": pk}."""
    invitation = Invitation.objects.select_related(
        "session__region", "stakeholder__organization", "stakeholder__region"
    ).get(pk=spec["invitation"])
    pdf = html_to_pdf(invitation_letter_html(invitation=invitation, language=language))
    with translation.override(language):
        name = _("invitation-fgd-%(code)s.pdf") % {"code": invitation.session.public_code}
    return Attachment(filename=name, content=pdf.content, mimetype="application/pdf")
