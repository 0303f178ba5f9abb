"""Reads of FGD sessions: the list, the session page, invite candidates. Constant queries per page."""

from dataclasses import dataclass, field
from datetime import datetime

from django.db.models import CharField, Count, Exists, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Cast, Coalesce, Concat
from django.utils import timezone
from django.utils.translation import ngettext

from core.access import user_display_name
from fgd.models import Aspiration, Attachment, FgdSession, Invitation, SessionEvent
from fgd.services.notices import invitation_key_parts, track_url
from notifications.models import Message
from stakeholders.models import Organization, Region, Stakeholder
from stakeholders.selectors import within_region, within_ring

# The session page lists the latest aspirations; the triage queue filtered by session has them all.
ASPIRATIONS_SHOWN = 200
ATTENDED = [Invitation.Attendance.PRESENT, Invitation.Attendance.REPRESENTED]


def _count_of(queryset: QuerySet, field: str = "pk") -> Coalesce:
    """A correlated COUNT; joining invitations and aspirations in one query would multiply their rows."""
    counted = queryset.order_by().values("session").annotate(n=Count(field, distinct=field != "pk")).values("n")
    return Coalesce(Subquery(counted), 0)


# --- The FGD's figures: one owner for every screen and document -----------------------------


@dataclass(frozen=True)
class SessionFigures:
    """What an FGD's numbers mean, everywhere (session page, list, minutes and plan PDFs, dashboard).

    invited: invitations sent (walk-ins are not invited); present: the invited who came, in person or
    by a representative; represented: of those, how many sent someone; walk_ins: people who came
    without an invitation; aspirations: recorded at (tagged with) the session.
    """

    invited: int = 0
    present: int = 0
    represented: int = 0
    walk_ins: int = 0
    aspirations: int = 0

    @property
    def in_the_room(self) -> int:
        return self.present + self.walk_ins

    def sentence(self) -> str:
        """ "14 dari 17 undangan hadir (2 diwakili), ditambah 2 peserta tanpa undangan", in the active language."""
        text = ngettext(
            "%(present)s of %(invited)s invitee attended",
            "%(present)s of %(invited)s invitees attended",
            self.invited,
        ) % {"present": self.present, "invited": self.invited}
        if self.represented:
            text += " " + ngettext("(%(n)s by a representative)", "(%(n)s by a representative)", self.represented) % {
                "n": self.represented
            }
        if self.walk_ins:
            text += ", " + ngettext(
                "plus %(n)s participant without an invitation",
                "plus %(n)s participants without an invitation",
                self.walk_ins,
            ) % {"n": self.walk_ins}
        return text


def with_figures(queryset: QuerySet[FgdSession]) -> QuerySet[FgdSession]:
    """Annotates sessions with their figures (correlated counts, no row multiplication); read with figures_of."""
    invitations = Invitation.objects.filter(session=OuterRef("pk"))
    invited = invitations.filter(is_walk_in=False)
    return queryset.annotate(
        figure_invited=_count_of(invited),
        figure_present=_count_of(invited.filter(attendance__in=ATTENDED)),
        figure_represented=_count_of(invited.filter(attendance=Invitation.Attendance.REPRESENTED)),
        figure_walk_ins=_count_of(invitations.filter(is_walk_in=True)),
        figure_aspirations=_count_of(Aspiration.objects.filter(session=OuterRef("pk"))),
    )


def figures_of(session: FgdSession) -> SessionFigures:
    """The session's figures: from with_figures' annotations, else one query."""
    if not hasattr(session, "figure_invited"):
        session = with_figures(FgdSession.objects.filter(pk=session.pk)).get()
    return SessionFigures(
        invited=session.figure_invited,  # type: ignore[attr-defined]
        present=session.figure_present,  # type: ignore[attr-defined]
        represented=session.figure_represented,  # type: ignore[attr-defined]
        walk_ins=session.figure_walk_ins,  # type: ignore[attr-defined]
        aspirations=session.figure_aspirations,  # type: ignore[attr-defined]
    )


def _with_counts(queryset: QuerySet[FgdSession]) -> QuerySet[FgdSession]:
    attended = Invitation.objects.filter(session=OuterRef("pk"), attendance__in=ATTENDED)
    return with_figures(queryset).annotate(organizations_present=_count_of(attended, "stakeholder__organization"))


@dataclass
class SessionList:
    upcoming: list[FgdSession]
    past: list[FgdSession]
    # When the next session without final minutes starts (`next_session_start`): the list changes then.
    next_start: datetime | None = None


def sessions_without_final_minutes(*, now=None) -> QuerySet[FgdSession]:
    """Sessions that have taken place and whose minutes are not final yet: an officer's to-do."""
    return FgdSession.objects.filter(starts_at__lt=now or timezone.now()).exclude(
        status=FgdSession.Status.MINUTES_FINAL
    )


def next_session_start(*, now=None):
    """When the next session without final minutes starts: from then on it is past, no longer upcoming."""
    upcoming = FgdSession.objects.filter(starts_at__gte=now or timezone.now()).exclude(
        status=FgdSession.Status.MINUTES_FINAL
    )
    return upcoming.order_by("starts_at").values_list("starts_at", flat=True).first()


def session_list(*, search: str = "", minutes_pending: bool = False) -> SessionList:
    """Upcoming (soonest first) and past (latest first) sessions with their counts, and when the next
    session without final minutes starts: one query (two when filtered).
    `minutes_pending`: only the sessions held whose minutes are not final (the dashboard's to-do)."""
    queryset = _with_counts(FgdSession.objects.select_related("region"))
    if minutes_pending:
        queryset = queryset.filter(pk__in=sessions_without_final_minutes().values("pk"))
    if search:
        queryset = queryset.filter(Q(title__icontains=search) | Q(venue__icontains=search) | Q(theme__icontains=search))
    now = timezone.now()
    sessions = list(queryset.order_by("starts_at"))
    for session in sessions:
        session.figures = figures_of(session)  # type: ignore[attr-defined]
    if search or minutes_pending:
        next_start = next_session_start(now=now)
    else:  # every session is in the list: no second query (issue 15)
        waiting = (s.starts_at for s in sessions if s.starts_at >= now and s.status != FgdSession.Status.MINUTES_FINAL)
        next_start = min(waiting, default=None)
    return SessionList(
        upcoming=[s for s in sessions if s.starts_at >= now],
        past=[s for s in reversed(sessions) if s.starts_at < now],
        next_start=next_start,
    )


def speaker_region(
    *, session: FgdSession, stakeholder: Stakeholder | None = None, organization: Organization | None = None
) -> Region | None:
    """Where an aspiration raised at an FGD belongs: the speaker's region, else their organisation's,
    else the venue's. The one owner of this rule (capture, the capture panel's labels)."""
    if stakeholder is not None and stakeholder.region_id:
        return stakeholder.region
    organization = organization or (stakeholder.organization if stakeholder is not None else None)
    if organization is not None and organization.region_id:
        return organization.region
    return session.region


@dataclass
class Participant:
    """Someone the captured aspirations can be attributed to, and the place their aspirations belong to."""

    value: str
    label: str


@dataclass
class SessionPage:
    session: FgdSession
    invitations: list[Invitation]
    aspirations: list[Aspiration]
    attachments: list[Attachment]
    events: list[SessionEvent]
    figures: SessionFigures = field(default_factory=SessionFigures)
    absent: int = 0
    organizations_present: int = 0
    participants: list[Participant] = field(default_factory=list)
    agenda_items: list[str] = field(default_factory=list)
    discussion_items: list[str] = field(default_factory=list)
    agreement_items: list[str] = field(default_factory=list)
    finalised_by_name: str = ""


def session_page(*, pk: int) -> SessionPage:
    """Everything the session page shows, in a fixed number of queries however many rows there are."""
    session = with_figures(FgdSession.objects.select_related("region", "created_by", "minutes_finalised_by")).get(pk=pk)
    invitations = list(
        with_messages(Invitation.objects.filter(session=session))
        .select_related("stakeholder__organization__region", "stakeholder__region")
        .order_by("stakeholder__organization__name", "stakeholder__name")
    )
    for invitation in invitations:
        invitation.invite_message = _message_status(invitation.invite_status)  # type: ignore[attr-defined]
        invitation.reminder_message = _message_status(invitation.reminder_status)  # type: ignore[attr-defined]
    aspirations = list(
        Aspiration.objects.filter(session=session)
        .select_related("stakeholder", "organization", "category")
        .order_by("-created_at", "-pk")[:ASPIRATIONS_SHOWN]
    )
    attachments = list(session.attachments.select_related("uploaded_by"))
    events = list(session.events.select_related("actor"))
    for event in events:
        event.label = event.get_action_display()  # type: ignore[attr-defined]
        event.actor_name = user_display_name(event.actor, default="–")  # type: ignore[attr-defined]
    page = SessionPage(
        session=session, invitations=invitations, aspirations=aspirations, attachments=attachments, events=events
    )
    page.figures = figures_of(session)
    _count(page)
    page.finalised_by_name = user_display_name(session.minutes_finalised_by, default="–")
    page.participants = _participants(invitations, session)
    page.agenda_items = minutes_items(session.agenda)
    page.discussion_items = minutes_items(session.discussion_points)
    page.agreement_items = minutes_items(session.agreements)
    return page


def with_messages(queryset: QuerySet[Invitation]) -> QuerySet[Invitation]:
    """Annotates invitations with the outbox status of their invitation and reminder ("" when none):
    the outbox's rows found by their keys (fgd.services.notices.invitation_key), one subquery each."""

    def status_of(what: str) -> Subquery:
        before, after = invitation_key_parts(what)
        key = Concat(Value(before), Cast(OuterRef("pk"), CharField()), Value(after))
        return Subquery(Message.objects.filter(idempotency_key=key).values("status")[:1])

    return queryset.annotate(invite_status=status_of("invite"), reminder_status=status_of("reminder"))


def _message_status(status: str | None) -> Message | None:
    """A Message carrying only its status, so the page shows it with {% status_badge %} like the outbox."""
    return Message(status=status) if status else None


def minutes_items(text: str) -> list[str]:
    """The items of an agenda or minutes field, typed one per line: the one splitter for the session
    page and the minutes PDF. Empty lines go; a leading bullet ("-", "•", "*") or number ("1. ")
    typed by people is dropped, since both pages number the items themselves."""
    items = []
    for line in (text or "").splitlines():
        item = line.strip().lstrip("-•*").strip()
        number, _sep, rest = item.partition(". ")
        if number.isdigit() and rest.strip():
            item = rest.strip()
        if item:
            items.append(item)
    return items


def _count(page: SessionPage) -> None:
    attended = [i for i in page.invitations if i.attended]
    page.absent = sum(1 for i in page.invitations if i.attendance == Invitation.Attendance.ABSENT)
    page.organizations_present = len({i.stakeholder.organization_id for i in attended if i.stakeholder.organization_id})


def _place(region: Region | None) -> str:
    return f" · {region.name}" if region else ""


def _participants(invitations: list[Invitation], session: FgdSession) -> list[Participant]:
    """Attendees first ("s:<id>"), then their organisations ("o:<id>"); everyone invited when no one is marked yet.

    Each label ends with the place the person's aspirations will belong to (speaker_region)."""
    people = [i for i in invitations if i.attended] or invitations
    result = []
    for i in sorted(people, key=lambda i: i.stakeholder.name.lower()):
        person = i.stakeholder
        name = f"{person.name} ({person.organization.name})" if person.organization else person.name
        place = speaker_region(session=session, stakeholder=person)
        result.append(Participant(f"s:{person.pk}", name + _place(place)))
    organizations = {
        i.stakeholder.organization.pk: i.stakeholder.organization for i in people if i.stakeholder.organization
    }
    result += [
        Participant(f"o:{o.pk}", o.name + _place(speaker_region(session=session, organization=o)))
        for o in sorted(organizations.values(), key=lambda o: o.name.lower())
    ]
    return result


def session_participant_lookup(*, session: FgdSession, value: str) -> tuple[Stakeholder | None, Organization | None]:
    """Resolves a participant choice; only people invited to (or organisations present at) this session."""
    kind, _sep, raw = value.partition(":")
    if not raw.isdigit():
        return None, None
    invitations = Invitation.objects.filter(session=session).select_related("stakeholder__organization")
    if kind == "s":
        invitation = invitations.filter(stakeholder_id=int(raw)).first()
        return (invitation.stakeholder, invitation.stakeholder.organization) if invitation else (None, None)
    if kind == "o":
        invitation = invitations.filter(stakeholder__organization_id=int(raw)).first()
        return (None, invitation.stakeholder.organization) if invitation else (None, None)
    return None, None


def session_invitations_for_attendance(*, session: FgdSession) -> QuerySet:
    return (
        Invitation.objects.filter(session=session)
        .select_related("stakeholder__organization")
        .order_by("stakeholder__organization__name", "stakeholder__name")
    )


@dataclass
class InviteFilters:
    type: str = ""
    region: int | None = None
    ring: int | None = None
    quadrant: str = ""
    search: str = ""


def stakeholder_invite_candidates(*, session: FgdSession, filters: InviteFilters) -> QuerySet:
    """Active stakeholders in the register matching the filters, with `already_invited` set."""
    queryset = Stakeholder.objects.filter(is_active=True, erased_at__isnull=True).select_related(
        "organization", "region"
    )
    if filters.type:
        queryset = queryset.filter(organization__type=filters.type)
    if filters.region:
        queryset = queryset.filter(within_region(filters.region))
    if filters.ring:
        queryset = queryset.filter(within_ring(filters.ring))
    if filters.quadrant:
        queryset = queryset.filter(quadrant=filters.quadrant)
    if filters.search:
        queryset = queryset.filter(
            Q(name__icontains=filters.search)
            | Q(organization__name__icontains=filters.search)
            | Q(position__icontains=filters.search)
        )
    invited = Invitation.objects.filter(session=session, stakeholder=OuterRef("pk"))
    return queryset.annotate(already_invited=Exists(invited)).order_by("organization__name", "name")


def session_attachment(*, pk: int) -> Attachment:
    return Attachment.objects.select_related("session").get(pk=pk)


# --- Receipt slips and the invitations' messages ------------------------------------------------


@dataclass
class SlipItem:
    code: str
    title: str
    url: str
    qr: str = ""


@dataclass
class Slip:
    """One participant's receipt: who (a person, else the organisation the aspirations are from)."""

    name: str
    organization: str
    items: list[SlipItem]


def session_slips(*, session: FgdSession) -> list[Slip]:
    """The aspirations raised at the session, grouped by who raised them, in name order: one query."""
    slips: dict[tuple, Slip] = {}
    aspirations = (
        Aspiration.objects.filter(session=session)
        .exclude(stakeholder__isnull=True, organization__isnull=True)
        .select_related("stakeholder", "organization")
        .order_by("pk")
    )
    for aspiration in aspirations:
        person, organization = aspiration.stakeholder, aspiration.organization
        key = ("s", person.pk) if person else ("o", organization.pk)  # type: ignore[union-attr]
        if key not in slips:
            name = person.name if person else organization.name  # type: ignore[union-attr]
            slips[key] = Slip(name=name, organization=organization.name if person and organization else "", items=[])
        code = aspiration.tracking_code
        slips[key].items.append(SlipItem(code=code, title=aspiration.title, url=track_url(code)))
    return sorted(slips.values(), key=lambda slip: slip.name.lower())
