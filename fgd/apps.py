from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FgdConfig(AppConfig):
    name = "fgd"
    verbose_name = _("FGD and aspirations")

    def ensure_reference_data(self, apps) -> None:
        """Idempotent; core.reference.ensure_reference_data() calls it for every app that has one."""
        from .reference import ensure

        ensure(apps)

    def erase_stakeholder(self, *, stakeholder, person) -> None:
        """Hook of stakeholders.erasure: messages to the person, or about the aspirations they sent, in the outbox."""
        from notifications.services import messages_erase

        from .services.notices import stakeholder_topic, topic_of

        sent = list(stakeholder.aspirations.values_list("pk", "submitter_name", "submitter_email", "submitter_phone"))
        person = person.with_names(*(value for _pk, *contact in sent for value in contact))
        messages_erase(
            recipients=[person.email, person.phone, *(e for _pk, _n, e, _p in sent), *(p for _pk, _n, _e, p in sent)],
            topics=[stakeholder_topic(stakeholder.pk), *(topic_of(pk) for pk, *_rest in sent)],
            scrub=person.scrub,
            placeholder=person.placeholder,
        )
