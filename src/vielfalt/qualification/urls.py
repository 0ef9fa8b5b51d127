"""Public and member pages of qualification (``/<lang>/qualifizierung/``); each part keeps its own list."""

from vielfalt.qualification.catalogue.urls import urlpatterns as catalogue
from vielfalt.qualification.certificates.urls import urlpatterns as certificates
from vielfalt.qualification.hours.urls import urlpatterns as hours
from vielfalt.qualification.runs.urls import urlpatterns as runs

app_name = "qualification"

urlpatterns = catalogue + runs + certificates + hours
