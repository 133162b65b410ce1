from django.contrib import admin
from django.urls import include, path

from recommendations import api

urlpatterns = [
    path("admin/", admin.site.urls),
    path("health", api.health, name="health"),
    path("api/", include("recommendations.urls")),
    path("", include("catalog.presenter_urls")),
    path("", include("catalog.urls")),
]

handler404 = "catalog.views.page_not_found"
