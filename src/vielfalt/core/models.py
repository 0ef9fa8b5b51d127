from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from vielfalt.core.lib.choices import ChoiceLabelsModel


class AuditEntry(models.Model):
    """Who changed what, when: written by services for every change that matters for trust."""

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=pgettext_lazy("Spalte: wer es geändert hat", "von"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    action = models.CharField(_("Aktion"), max_length=64, db_index=True)
    target_type = models.CharField(_("Objektart"), max_length=64)
    target_id = models.CharField(_("Objekt-ID"), max_length=64)
    target_label = models.CharField(_("Objekt"), max_length=200)
    data = models.JSONField(_("Details"), default=dict, blank=True)
    created_at = models.DateTimeField(_("Zeitpunkt"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("Protokolleintrag")
        verbose_name_plural = _("Änderungsprotokoll")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.action} {self.target_type}:{self.target_id}"

    @property
    def action_label(self) -> str:
        return str(ACTION_LABELS.get(self.action, self.action))


# Human-readable names of the actions services record; apps add theirs here as they arrive.
ACTION_LABELS = {
    "user.role_changed": _("Rolle geändert"),
    "user.deleted": _("Konto gelöscht"),
    "legal_document.published": _("Rechtstext veröffentlicht"),
    "inbox.handled": _("Nachricht erledigt"),
    "organisation.registered": _("Organisation registriert"),
    "organisation.created": _("Organisation angelegt"),
    "organisation.updated": _("Profil geändert"),
    "organisation.verified": _("Profil geprüft"),
    "organisation.rejected": _("Profil abgelehnt"),
    "organisation.archived": _("Profil archiviert"),
    "organisation.restored": _("Profil wiederhergestellt"),
    "organisation.invited": _("Person eingeladen"),
    "organisation.joined": _("Einladung angenommen"),
    "organisation.role_changed": _("Rolle in der Organisation geändert"),
    "organisation.member_removed": _("Person aus der Organisation entfernt"),
    "organisation.admin_handed_over": _("Administration übergeben"),
    "organisation.claim_requested": _("Übernahme angefragt"),
    "organisation.claim_approved": _("Übernahme angenommen"),
    "organisation.claim_declined": _("Übernahme abgelehnt"),
    "organisation.funding_added": _("Förderung eingetragen"),
    "organisation.funding_removed": _("Förderung entfernt"),
    "organisation.import_started": _("Import von Organisationen gestartet"),
    "vocabulary.created": _("Begriff angelegt"),
    "vocabulary.updated": _("Begriff geändert"),
    "vocabulary.deleted": _("Begriff gelöscht"),
    "event.created": _("Veranstaltung angelegt"),
    "event.updated": _("Veranstaltung geändert"),
    "event.published": _("Veranstaltung veröffentlicht"),
    "event.cancelled": _("Veranstaltung abgesagt"),
    "event.programme_changed": _("Programm geändert"),
    "registration.created": _("Anmeldung eingegangen"),
    "registration.promoted": _("Von der Warteliste nachgerückt"),
    "registration.cancelled": _("Anmeldung storniert"),
    "registration.offer_accepted": _("Angebotenen Platz angenommen"),
    "registration.workshop_changed": _("Workshop-Wahl geändert"),
    "registration.checked_in": _("Als anwesend eingetragen"),
    "registration.check_in_undone": _("Nicht mehr als anwesend eingetragen"),
    "event.documentation_updated": _("Dokumentation geändert"),
    "event.documentation_published": _("Dokumentation veröffentlicht"),
    "event.documentation_withdrawn": _("Dokumentation zurückgezogen"),
    "event.documentation_image_added": _("Bild zur Dokumentation hinzugefügt"),
    "event.documentation_image_removed": _("Bild aus der Dokumentation entfernt"),
    "event.documentation_file_added": _("Datei zur Dokumentation hinzugefügt"),
    "event.documentation_file_removed": _("Datei aus der Dokumentation entfernt"),
    "event.feedback_received": _("Rückmeldung eingegangen"),
    # surveys
    "survey.created": _("Umfrage angelegt"),
    "survey.updated": _("Umfrage geändert"),
    "survey.opened": _("Umfrage geöffnet"),
    "survey.closed": _("Umfrage beendet"),
    "survey.withdrawn": _("Umfrage wieder zum Entwurf gemacht"),
    "survey.deleted": _("Umfrage gelöscht"),
    "survey.question_added": _("Frage hinzugefügt"),
    "survey.question_changed": _("Frage geändert"),
    "survey.questions_reordered": _("Reihenfolge der Fragen geändert"),
    "survey.question_archived": _("Frage archiviert"),
    "survey.question_restored": _("Frage wieder gestellt"),
    "survey.question_deleted": _("Frage gelöscht"),
    "survey.feedback_created": _("Rückmeldung zu einer Veranstaltung eingerichtet"),
    "survey.response_received": _("Antworten auf eine Umfrage eingegangen"),
    # exchange: groups and discussions
    "group.created": _("Gruppe angelegt"),
    "group.updated": _("Gruppe geändert"),
    "group.joined": _("Gruppe beigetreten"),
    "group.join_requested": _("Beitritt zur Gruppe angefragt"),
    "group.left": _("Gruppe verlassen"),
    "group.invited": _("Person in die Gruppe eingeladen"),
    "group.invitation_declined": _("Einladung in die Gruppe abgelehnt"),
    "group.request_approved": _("Beitritt zur Gruppe angenommen"),
    "group.request_declined": _("Beitritt oder Einladung zurückgenommen"),
    "group.role_changed": _("Rolle in der Gruppe geändert"),
    "group.member_removed": _("Person aus der Gruppe entfernt"),
    "post.deleted": _("Beitrag gelöscht"),
    "thread.pinned": _("Diskussion angeheftet"),
    "thread.unpinned": _("Diskussion nicht mehr angeheftet"),
    # exchange: the board of requests and offers
    "board.created": _("Eintrag bei Suchen und Bieten veröffentlicht"),
    "board.updated": _("Eintrag bei Suchen und Bieten geändert"),
    "board.withdrawn": _("Eintrag bei Suchen und Bieten zurückgezogen"),
    # exchange: reports and moderation
    "report.created": _("Inhalt gemeldet"),
    "moderation.hidden": _("Inhalt ausgeblendet (Moderation)"),
    "moderation.restored": _("Inhalt wieder eingeblendet (Moderation)"),
    "moderation.report_dismissed": _("Meldung ohne Maßnahme erledigt"),
    "moderation.warned": _("Person verwarnt"),
    "moderation.suspended": _("Person im Austausch gesperrt"),
    "moderation.unsuspended": _("Sperre im Austausch aufgehoben"),
    # email delivery
    "email.failed": _("E-Mail nicht zustellbar"),
    "email.retried": _("E-Mail erneut gesendet"),
    "email.dismissed": _("Nicht zustellbare E-Mail verworfen"),
    # counselling: contacts log, confidential notes, retention
    "counselling.contact.created": _("Beratungskontakt eingetragen"),
    "counselling.contact.updated": _("Beratungskontakt geändert"),
    "counselling.contact.deleted": _("Beratungskontakt gelöscht"),
    "counselling.note.created": _("Vertrauliche Notiz geschrieben"),
    "counselling.note.updated": _("Vertrauliche Notiz geändert"),
    "counselling.case.anonymised": _("Beratungsfall anonymisiert"),
    # counselling: appointments
    "counselling.appointment.proposed": _("Beratungstermin vorgeschlagen"),
    "counselling.appointment.accepted": _("Beratungstermin zugesagt"),
    "counselling.appointment.declined": _("Beratungstermin abgelehnt"),
    "counselling.appointment.cancelled": _("Beratungstermin vom Team abgesagt"),
    # counselling: requests, cases and topics
    "counselling.case.requested": _("Beratung angefragt"),
    "counselling.case.confirmed": _("Beratungsanfrage bestätigt"),
    "counselling.case.opened": _("Beratungsfall angelegt"),
    "counselling.case.assigned": _("Beratungsfall zugewiesen"),
    "counselling.case.moved": _("Status des Beratungsfalls geändert"),
    "counselling.case.updated": _("Beratungsfall geändert"),
    "counselling.case.read": _("Beratungsfall gelesen"),
    "counselling.topic.created": _("Beratungsthema angelegt"),
    "counselling.topic.updated": _("Beratungsthema geändert"),
    # counselling: milestones of a case
    "counselling.milestone.created": _("Meilenstein angelegt"),
    "counselling.milestone.updated": _("Meilenstein geändert"),
    "counselling.milestone.done": _("Meilenstein erreicht"),
    "counselling.milestone.reopened": _("Meilenstein wieder offen"),
    "counselling.milestone.deleted": _("Meilenstein gelöscht"),
}


class OutgoingEmail(ChoiceLabelsModel):
    """One email on its way out (the outbox): written in the transaction that caused it, delivered
    by the worker, retried on temporary errors and sent at most once (``core.lib.emails``)."""

    class State(models.TextChoices):
        QUEUED = "queued", pgettext_lazy("E-Mail-Zustand", "wartet")
        SENDING = "sending", pgettext_lazy("E-Mail-Zustand", "wird gesendet")
        SENT = "sent", pgettext_lazy("E-Mail-Zustand", "gesendet")
        FAILED = "failed", pgettext_lazy("E-Mail-Zustand", "nicht zustellbar")
        DISMISSED = "dismissed", pgettext_lazy("E-Mail-Zustand", "verworfen")

    to = models.JSONField(_("Empfänger"), default=list)
    reply_to = models.JSONField(_("Antwort an"), default=list, blank=True)
    subject = models.CharField(_("Betreff"), max_length=998)
    text = models.TextField(_("Text"), blank=True)
    html = models.TextField(_("HTML"), blank=True)
    attachments = models.JSONField(_("Anhänge"), default=list, blank=True)
    headers = models.JSONField(_("Kopfzeilen"), default=dict, blank=True)
    # The same Message-ID on every try: should a retry ever follow a send that did arrive (the
    # worker died between the server's "250 OK" and our commit), mail systems see one message.
    message_id = models.CharField(_("Message-ID"), max_length=255, unique=True)
    state = models.CharField(_("Zustand"), max_length=16, choices=State.choices, default=State.QUEUED)
    attempts = models.PositiveSmallIntegerField(_("Versuche"), default=0)
    next_attempt_at = models.DateTimeField(_("nächster Versuch"))
    lease_until = models.DateTimeField(_("in Arbeit bis"), null=True, blank=True)
    last_error = models.TextField(_("letzter Fehler"), blank=True)
    created_at = models.DateTimeField(_("angelegt"), auto_now_add=True)
    sent_at = models.DateTimeField(_("gesendet am"), null=True, blank=True)

    class Meta:
        verbose_name = _("ausgehende E-Mail")
        verbose_name_plural = _("ausgehende E-Mails")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["state", "next_attempt_at"], name="core_outgoingemail_due")]

    def __str__(self) -> str:
        return f"E-Mail #{self.pk}"  # the audit log shows this: no subject, no address
