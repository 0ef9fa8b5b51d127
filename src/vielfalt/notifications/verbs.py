"""What a notification says, by verb; rendered in the reader's language when shown or emailed."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

VERBS: dict[str, Any] = {
    "thread.reply": _("%(actor)s hat in „%(subject)s“ geantwortet."),
    "post.mention": _("%(actor)s hat Sie in „%(subject)s“ erwähnt."),
    "message.person": _("%(actor)s hat Ihnen eine Nachricht geschrieben."),
    "message.organisation": _("%(actor)s hat „%(subject)s“ eine Nachricht geschrieben."),
    "group.requested": _("%(actor)s möchte der Gruppe „%(subject)s“ beitreten."),
    "group.approved": _("Sie sind jetzt Mitglied der Gruppe „%(subject)s“."),
    "group.invited": _("%(actor)s lädt Sie in die Gruppe „%(subject)s“ ein."),
    "event.changed": _("Zeit oder Ort von „%(subject)s“ haben sich geändert."),
    "event.cancelled": _("„%(subject)s“ ist abgesagt."),
    "board.reply": _("%(actor)s hat auf Ihren Eintrag „%(subject)s“ geantwortet."),
    "moderation.hidden": _("Die Moderation hat einen Beitrag von Ihnen ausgeblendet: „%(subject)s“."),
    "moderation.warning": _("Hinweis der Moderation: %(subject)s"),
    "counselling.assigned": _("%(actor)s hat Ihnen den Beratungsfall „%(subject)s“ zugewiesen."),
    "counselling.message": _("%(actor)s hat im Beratungsfall „%(subject)s“ geschrieben."),
    "counselling.appointment": _("Neuer Terminvorschlag im Beratungsfall „%(subject)s“."),
    "counselling.appointment_answered": _("%(actor)s hat auf den Terminvorschlag im Fall „%(subject)s“ geantwortet."),
    "counselling.follow_up": _("Wiedervorlage heute: „%(subject)s“."),
    "counselling.waiting": _("„%(subject)s“ wartet schon länger auf eine Antwort der Organisation."),
    "counselling.milestone_overdue": _("Ein Meilenstein im Fall „%(subject)s“ ist überfällig."),
    "moderation.suspended": _("Sie können vorübergehend nichts im Austausch veröffentlichen: %(subject)s"),
    "counselling.waiting_for_you": _("Im Beratungsfall „%(subject)s“ wartet das Team auf Ihre Antwort."),
    "counselling.closed": _("Der Beratungsfall „%(subject)s“ ist abgeschlossen."),
    "counselling.reopened": _("Der Beratungsfall „%(subject)s“ ist wieder geöffnet."),
    "counselling.appointment_cancelled": _("Ein Termin im Beratungsfall „%(subject)s“ ist abgesagt."),
    "funding.deadline": _("Die Antragsfrist für „%(subject)s“ endet bald."),
}


def render(verb: str, *, actor: str, subject: str) -> str:
    template = VERBS.get(verb)
    if template is None:
        return subject
    return str(template) % {"actor": actor, "subject": subject}
