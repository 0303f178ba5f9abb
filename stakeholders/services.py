"""Changes to the stakeholder register. Views and imports call these; nothing else writes."""

import json
from dataclasses import dataclass

from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from . import erasure
from .models import Engagement, Organization, Stakeholder
from .similarity import similar_people

# The version of the privacy notice people agree to when we store their name, phone or e-mail
# (UU PDP 27/2022): the one value for stakeholders, imports, the public aspiration form and its page.
# Bump it when the notice's text (templates/fgd/public/includes/privacy_notice.html) changes.
PRIVACY_NOTICE_VERSION = "2025.1"

ERASED_NAME = "[erased #{id}]"


@dataclass(frozen=True)
class Duplicate:
    stakeholder: Stakeholder
    reasons: tuple[str, ...]  # "name", "phone", "email"


def stakeholder_duplicates(
    *, name: str, organization: Organization | None, phone: str, email: str, exclude_pk: int | None = None
) -> list[Duplicate]:
    """Likely duplicates: the same name in the same organisation, the same phone, or the same e-mail,
    and a name spelled differently in the same organisation ("Febrianti" / "Febriyanti", similarity.py)."""
    condition = Q(name__iexact=name.strip(), organization=organization)
    if phone:
        condition |= Q(phone=phone)
    if email:
        condition |= Q(email__iexact=email)
    matches = Stakeholder.objects.filter(condition, erased_at__isnull=True).select_related("organization")
    if exclude_pk:
        matches = matches.exclude(pk=exclude_pk)
    found = []
    for match in matches[:10]:
        reasons = []
        if match.name.strip().lower() == name.strip().lower() and match.organization_id == (
            organization.pk if organization else None
        ):
            reasons.append("name")
        if phone and match.phone == phone:
            reasons.append("phone")
        if email and match.email.lower() == email.lower():
            reasons.append("email")
        found.append(Duplicate(match, tuple(reasons)))
    known = {d.stakeholder.pk for d in found}
    for person in similar_people(name=name, organization=organization, exclude_pk=exclude_pk):
        if person.pk not in known:
            found.append(Duplicate(person, ("similar_name",)))
    return found


def organization_get_or_create(*, name: str, type: str, region=None) -> Organization:
    """An organisation by name (case-insensitive); created, with this type and region, when new."""
    existing = Organization.objects.filter(name__iexact=name.strip()).order_by("pk").first()
    if existing:
        return existing
    return Organization.objects.create(name=name.strip(), type=type or Organization.Type.OTHER, region=region)


@transaction.atomic
def stakeholder_save(*, stakeholder: Stakeholder, by, reason: str = "") -> Stakeholder:
    """Create or update from a validated instance; history records who did it."""
    stakeholder._history_user = by  # type: ignore[attr-defined]
    if reason:
        stakeholder._change_reason = reason  # type: ignore[attr-defined]
    if stakeholder.has_contact_data and not stakeholder.consent_notice_version:
        stakeholder.consent_notice_version = PRIVACY_NOTICE_VERSION
    stakeholder.save()
    return stakeholder


def stakeholder_set_active(*, stakeholder: Stakeholder, active: bool, by) -> Stakeholder:
    """Archive (or restore). People are never deleted from the interface: their history matters."""
    stakeholder.is_active = active
    return stakeholder_save(stakeholder=stakeholder, by=by, reason="restored" if active else "archived")


def engagement_create(*, stakeholder: Stakeholder, kind: str, date, notes: str, by) -> Engagement:
    return Engagement.objects.create(stakeholder=stakeholder, kind=kind, date=date, notes=notes, staff=by)


@transaction.atomic
def stakeholder_erase(*, stakeholder: Stakeholder, by) -> Stakeholder:
    """Erasure on request (UU PDP art. 8): the person becomes anonymous, the aggregates stay.

    Organisation, region, mapping scores and the number and kinds of engagements remain, so the
    register's counts and maps still add up. Earlier history versions hold the personal data, so
    they go; the one history row left says who erased the person and when. What other apps hold
    about the person goes too: the contact details on the aspirations they submitted and who stood
    in for them at an FGD, their rows and error messages in spreadsheet imports, the admin log, and
    (through each app's `erase_stakeholder` hook) copies kept above, such as rendered PDFs.
    """
    erasure.erase_elsewhere(
        person=erasure.Identity.of(stakeholder, placeholder=ERASED_NAME.format(id=stakeholder.pk)),
        stakeholder=stakeholder,
    )
    stakeholder.history.all().delete()
    stakeholder.name = ERASED_NAME.format(id=stakeholder.pk)
    stakeholder.position = ""
    stakeholder.phone = ""
    stakeholder.email = ""
    stakeholder.consent_date = None
    stakeholder.consent_channel = ""
    stakeholder.consent_notice_version = ""
    stakeholder.is_local_hero = False
    stakeholder.is_key_contact = False
    stakeholder.is_active = False
    stakeholder.erased_at = timezone.now()
    stakeholder.erased_by = by
    stakeholder.engagements.update(notes="")
    # Reverse relations from fgd: this app imports no app to its right.
    stakeholder.aspirations.update(
        submitter_name="",
        submitter_organization="",
        submitter_phone="",
        submitter_email="",
        consent_given_at=None,
        consent_notice_version="",
    )
    stakeholder.fgd_invitations.update(represented_by="", delegate_name="")
    return stakeholder_save(stakeholder=stakeholder, by=by, reason="erased")


PERSONAL_DATA_FIELDS = [
    "id",
    "name",
    "position",
    "phone",
    "email",
    "influence",
    "interest",
    "attitude",
    "quadrant",
    "is_local_hero",
    "is_key_contact",
    "is_active",
    "consent_date",
    "consent_channel",
    "consent_notice_version",
    "created_at",
    "updated_at",
]


def stakeholder_personal_data(*, stakeholder: Stakeholder) -> bytes:
    """Everything we hold about one person, as a JSON file (UU PDP art. 7: the right of access)."""
    data = {field: getattr(stakeholder, field) for field in PERSONAL_DATA_FIELDS}
    data["organization"] = str(stakeholder.organization or "")
    data["region"] = str(stakeholder.region or "")
    data["engagements"] = [
        {"date": e.date, "kind": e.kind, "notes": e.notes, "staff": str(e.staff or "")}
        for e in stakeholder.engagements.select_related("staff")
    ]
    data["fgd_invitations"] = [
        {"session": str(i.session), "response": i.response, "attendance": i.attendance}
        for i in stakeholder.fgd_invitations.select_related("session")
    ]
    # Reverse relations from fgd and programs: what the other apps hold about the person.
    data["aspirations"] = [
        {
            "tracking_code": a.tracking_code,
            "title": a.title,
            "status": a.status,
            "submitter_name": a.submitter_name,
            "submitter_organization": a.submitter_organization,
            "submitter_phone": a.submitter_phone,
            "submitter_email": a.submitter_email,
            "consent_given_at": a.consent_given_at,
        }
        for a in stakeholder.aspirations.all()
    ]
    data["program_partnerships"] = [
        {"program": p.program.name, "plan": str(p.program.plan), "role": p.role}
        for p in stakeholder.program_partnerships.select_related("program__plan")
    ]
    data["history"] = [
        {
            "date": h.history_date,
            "by": str(h.history_user or ""),
            "change": h.get_history_type_display(),
            **{field: getattr(h, field) for field in ("name", "position", "phone", "email")},
        }
        for h in stakeholder.history.select_related("history_user")
    ]
    data["imports"] = erasure.import_copies(person=erasure.Identity.of(stakeholder, placeholder=""))
    data["exported_at"] = timezone.now()
    return json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2).encode("utf-8")


def stakeholder_submit(*, stakeholder: Stakeholder, data: dict, by) -> tuple[Stakeholder | None, list[Duplicate]]:
    """Save a person (new or edited, not yet saved) unless they look like someone already in the register.

    `data` is the checked input (a StakeholderForm's cleaned_data): the organisation, a new
    organisation's name and type, and whether the user confirmed a look-alike. Returns (saved
    person, []) or (None, likely duplicates) when the user has not yet said "this is a
    different person".
    """
    organization = data.get("organization")
    new_name = data.get("new_organization", "").strip()
    if new_name:
        organization = Organization.objects.filter(name__iexact=new_name).first()
    duplicates = stakeholder_duplicates(
        name=data["name"],
        organization=organization,
        phone=data.get("phone", ""),
        email=data.get("email", ""),
        exclude_pk=stakeholder.pk,
    )
    if duplicates and not data.get("confirm_duplicate"):
        return None, duplicates
    with transaction.atomic():
        if new_name and organization is None:
            organization = organization_get_or_create(
                name=new_name, type=data.get("new_organization_type", ""), region=data.get("region")
            )
        stakeholder.organization = organization
        stakeholder_save(stakeholder=stakeholder, by=by)
    return stakeholder, []


def organization_save(*, organization: Organization, by) -> Organization:
    organization._history_user = by  # type: ignore[attr-defined]
    organization.save()
    return organization
