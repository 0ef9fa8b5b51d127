"""The exchange's dashboard: whom to meet, my groups, board entries that fit, unread messages.
For people with an account."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from vielfalt.accounts.http import AuthenticatedHttpRequest
from vielfalt.exchange.board import selectors as board_selectors
from vielfalt.exchange.dashboard import profiles, suggestions


@login_required
@require_safe
def home(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Seven queries of its own, whatever the number of organisations, people and groups. The count
    of unread conversations is the layout's (``nav_counts.messages``: ``messages.selectors.
    unread_conversations_count``, counted once per request), so the page does not count twice."""
    user = request.user
    profile = profiles.profile_of(user)
    context = {
        "suggestions": suggestions.suggestions_for(user, profile=profile),
        "my_groups": suggestions.my_groups_with_threads(user),
        "board_posts": board_selectors.board_posts_matching(
            user=user, district_ids=profile.district_ids, field_ids=profile.field_ids
        ),
    }
    return render(request, "exchange/home.html", context)
