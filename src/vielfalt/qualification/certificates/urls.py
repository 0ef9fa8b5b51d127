from django.urls import URLPattern, path

from vielfalt.qualification.certificates import views

urlpatterns: list[URLPattern] = [
    path("zertifikat/", views.verify_form, name="verify_form"),
    path("zertifikat/<str:code>/", views.verify, name="verify"),
    path("zertifikate/<str:code>/pdf/", views.certificate_pdf, name="certificate_pdf"),
    path("kurse/<slug:slug>/teilnahmebescheinigungen/", views.run_certificates, name="run_certificates"),
]
staff_urlpatterns: list[URLPattern] = [
    path("zertifikate/", views.staff_certificates, name="certificates"),
    path("zertifikate/<str:code>/widerrufen/", views.staff_certificate_revoke, name="certificate_revoke"),
]
