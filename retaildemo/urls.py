from django.contrib import admin
from django.urls import include, path

from recommendations import api, protocol

urlpatterns = [
    path("admin/", admin.site.urls),
    path("health", api.health, name="health"),
    path("api/", include("recommendations.urls")),
    path("personalize-runtime/", include(protocol.runtime_urlpatterns)),
    path("personalize-events/", include(protocol.events_urlpatterns)),
    path("", include("catalog.presenter_urls")),
    path("", include("catalog.urls")),
]

handler404 = "catalog.views.page_not_found"
