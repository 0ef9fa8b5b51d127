from __future__ import annotations

from types import SimpleNamespace
from typing import Any
from urllib.parse import urlsplit

from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.http import HttpRequest, HttpResponse
from django.shortcuts import resolve_url
from django.utils import translation
from django.utils.translation import gettext

from vielfalt.accounts.access import is_ministry_viewer
from vielfalt.accounts.models import User, normalise_person_name
from vielfalt.accounts.types import Viewer
from vielfalt.core.lib.emails import queue_rendered_email, text_to_html
from vielfalt.core.lib.ratelimit import client_ip


class AccountAdapter(DefaultAccountAdapter):
    """allauth, the Vielfalt way: mails in the recipient's language, sent by a background task."""

    def send_mail(self, template_prefix: str, email: str, context: dict[str, Any]) -> None:
        language = _recipient_language(email, context)
        with translation.override(language):
            # Our templates (templates/account/email/) name the site; allauth would take it from
            # django.contrib.sites, which we do not use (its emails greeted "Hallo von !").
            site = SimpleNamespace(name=gettext("Vielfalt Hessen"), domain=urlsplit(settings.SITE_URL).netloc)
            context = {"email": email, **context, "current_site": site, "site_url": settings.SITE_URL}
            message = self.render_mail(template_prefix, email, context)
            html = ""
            if isinstance(message, EmailMultiAlternatives):
                html = next((str(content) for content, mimetype in message.alternatives if mimetype == "text/html"), "")
            # Each email that the settings can send has its own HTML part; should allauth send another
            # one (a setting switched on later), its plain text is wrapped in the HTML layout.
            html = html or text_to_html(str(message.body))
        queue_rendered_email(to=list(message.to), subject=str(message.subject), text=str(message.body), html=html)

    def get_client_ip(self, request: HttpRequest) -> str:
        """allauth's rate limits count per client as ours do (behind ``TRUSTED_PROXIES``)."""
        return client_ip(request)

    def get_login_redirect_url(self, request: HttpRequest) -> str:
        """Without a ``next`` page, continue in the language the person chose in their profile."""
        language = getattr(request.user, "preferred_language", "") or translation.get_language()
        with translation.override(language):
            if is_ministry_viewer(request.user):
                # The figures dashboard (a higher app: named, not imported).
                return resolve_url("reports:dashboard")
            return resolve_url(settings.LOGIN_REDIRECT_URL)

    def post_login(self, request: HttpRequest, user: Viewer, **kwargs: Any) -> HttpResponse:
        """Word the "signed in" message in the language of the page it will be shown on: the login
        may continue in the person's own language (see ``get_login_redirect_url``), not the form's."""
        from allauth.account.utils import get_login_redirect_url

        target = get_login_redirect_url(request, kwargs.get("redirect_url"), signup=kwargs.get("signup", False))
        language = translation.get_language_from_path(target) or translation.get_language()
        with translation.override(language):
            response: HttpResponse = super().post_login(request, user, **kwargs)
        return response

    def save_user(self, request: HttpRequest, user: User, form: Any, commit: bool = True) -> Any:
        user = super().save_user(request, user, form, commit=False)
        user.name = normalise_person_name(form.cleaned_data.get("name", ""))
        user.preferred_language = translation.get_language() or settings.LANGUAGE_CODE
        if commit:
            user.save()
            form.signed_up(user)
        return user


def _recipient_language(email: str, context: dict[str, Any]) -> str:
    user = context.get("user")
    if not isinstance(user, User):
        user = User.objects.filter(email__iexact=email).first()
    if user is not None and user.preferred_language:
        return user.preferred_language
    return translation.get_language() or settings.LANGUAGE_CODE
