from django.contrib import admin
from django.templatetags.static import static
from django.urls import include, path
from django.views.generic import RedirectView

from recommendations import api, protocol

urlpatterns = [
    path("admin/", admin.site.urls),
    # Browsers ask for /favicon.ico on pages that do not link an icon (the admin's).
    path("favicon.ico", RedirectView.as_view(url=static("favicon.svg"), permanent=True)),
    path("health", api.health, name="health"),
    path("api/", include("recommendations.urls")),
    path("personalize-runtime/", include(protocol.runtime_urlpatterns)),
    path("personalize-events/", include(protocol.events_urlpatterns)),
    path("", include("catalog.presenter_urls")),
    path("", include("catalog.urls")),
]

handler404 = "catalog.views.page_not_found"
