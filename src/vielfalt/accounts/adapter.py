from __future__ import annotations

from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.http import HttpRequest
from django.shortcuts import resolve_url
from django.utils import translation

from vielfalt.accounts.models import User, normalise_person_name
from vielfalt.core.lib.emails import queue_rendered_email, text_to_html


class AccountAdapter(DefaultAccountAdapter):
    """allauth, the Vielfalt way: mails in the recipient's language, sent by a background task."""

    def send_mail(self, template_prefix: str, email: str, context: dict[str, Any]) -> None:
        language = _recipient_language(email, context)
        with translation.override(language):
            message = self.render_mail(template_prefix, email, {**context, "site_url": settings.SITE_URL})
            html = ""
            if isinstance(message, EmailMultiAlternatives):
                html = next((str(content) for content, mimetype in message.alternatives if mimetype == "text/html"), "")
            # allauth ships plain-text templates only; every Vielfalt mail also has an HTML part.
            html = html or text_to_html(str(message.body))
        queue_rendered_email(to=list(message.to), subject=str(message.subject), text=str(message.body), html=html)

    def get_login_redirect_url(self, request: HttpRequest) -> str:
        """Without a ``next`` page, continue in the language the person chose in their profile."""
        language = getattr(request.user, "preferred_language", "") or translation.get_language()
        with translation.override(language):
            return resolve_url(settings.LOGIN_REDIRECT_URL)

    def save_user(self, request: HttpRequest, user: Any, form: Any, commit: bool = True) -> Any:
        user = super().save_user(request, user, form, commit=False)
        user.name = normalise_person_name(form.cleaned_data.get("name", ""))
        user.preferred_language = translation.get_language() or settings.LANGUAGE_CODE
        if commit:
            user.save()
            form.record_consent(user)
        return user


def _recipient_language(email: str, context: dict[str, Any]) -> str:
    user = context.get("user")
    if not isinstance(user, User):
        user = User.objects.filter(email__iexact=email).first()
    if user is not None and user.preferred_language:
        return user.preferred_language
    return translation.get_language() or settings.LANGUAGE_CODE
