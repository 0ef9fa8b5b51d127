"""The team's counselling pages (``/<lang>/staff/beratung/``, names in the ``staff`` namespace)."""

from vielfalt.counselling.cases.urls import staff_urlpatterns as cases
from vielfalt.counselling.contacts.urls import staff_urlpatterns as contacts
from vielfalt.counselling.conversation.urls import staff_urlpatterns as conversation
from vielfalt.counselling.milestones.urls import staff_urlpatterns as milestones

urlpatterns = cases + conversation + contacts + milestones
