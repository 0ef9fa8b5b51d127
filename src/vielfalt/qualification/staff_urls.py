"""The team's qualification pages (``/<lang>/staff/qualifizierung/``, names in the ``staff`` namespace)."""

from vielfalt.qualification.catalogue.urls import staff_urlpatterns as catalogue
from vielfalt.qualification.certificates.urls import staff_urlpatterns as certificates
from vielfalt.qualification.hours.urls import staff_urlpatterns as hours
from vielfalt.qualification.runs.urls import staff_urlpatterns as runs

urlpatterns = catalogue + runs + certificates + hours
