"""Member and public pages of counselling (``/<lang>/beratung/``); each part keeps its own list."""

from vielfalt.counselling.cases.urls import urlpatterns as cases
from vielfalt.counselling.contacts.urls import urlpatterns as contacts
from vielfalt.counselling.conversation.urls import urlpatterns as conversation
from vielfalt.counselling.milestones.urls import urlpatterns as milestones

app_name = "counselling"

urlpatterns = cases + conversation + contacts + milestones
