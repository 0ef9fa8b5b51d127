"""What higher apps add to a survey's results page for the team, without surveys knowing those apps
(e.g. turning answer options into needs). A block's context function receives the request and
``survey``; it returns ``None`` to stay out."""

from __future__ import annotations

from vielfalt.core.composition import Slot

RESULT_ACTIONS = Slot("survey_result_actions")
