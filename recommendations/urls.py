from django.urls import path

from recommendations import api

app_name = "recommendations"

urlpatterns = [
    path("related", api.related, name="related"),
    path("rerank", api.rerank, name="rerank"),
    path("events", api.events, name="events"),
    path("openapi.json", api.openapi, name="openapi"),
]
