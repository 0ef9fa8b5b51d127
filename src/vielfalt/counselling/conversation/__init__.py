"""The conversation of a case and its appointments.

- *Conversation* (case section 20): the team and the organisation side write messages with up to three
  files each (checked by content, kept in private storage, downloaded only by who may see the case).
  The other side is told (``notify``): the team's words go to the organisation's admins and the
  requester, the organisation's words to the case's assignee.
- *Appointments* (case section 10): the team proposes a date; the organisation side accepts or declines
  it on the case page or through the signed link of its email (works signed out); the team may cancel.
  Emails carry an iCalendar invitation (``calendar``); both sides are reminded the day before
  (``tasks.appointment_reminders``).
"""
