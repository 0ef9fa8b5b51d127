"""Who may do what with the newsletter.

Subscribers have no account: the signed link in their emails is their access (``links``), and it opens
their own subscription only. The team composes and sends issues. Everyone reads the archive of issues
that went out.
"""

from __future__ import annotations

from django.http import Http404

from vielfalt.accounts.access import acts_with_staff_rights
from vielfalt.accounts.types import Viewer
from vielfalt.newsletter.models import Issue


def manages_newsletter(user: Viewer) -> bool:
    return acts_with_staff_rights(user)


def get_public_issue(pk: int) -> Issue:
    """An issue in the archive (sending has started); 404 for drafts and unknown numbers alike."""
    issue = Issue.objects.filter(pk=pk, status__in=[Issue.Status.SENDING, Issue.Status.SENT]).first()
    if issue is None:
        raise Http404
    return issue


def get_issue_for_staff(pk: int) -> Issue:
    issue = Issue.objects.filter(pk=pk).first()
    if issue is None:
        raise Http404
    return issue
