from django.urls import path

from catalog import presenter_views as views
from experiments.views import experiment_list

app_name = "presenter"

urlpatterns = [
    path("r/<str:product_id>/", views.carousel_click, name="click"),
    path("product/<str:product_id>/compare/", views.product_compare, name="compare"),
    path("shoppers/", views.shopper_directory, name="shoppers"),
    path("shoppers/reset/", views.demo_reset_view, name="demo_reset"),
    path("search/", views.search, name="search"),
    path("demo/related-items/", views.walkthrough, name="walkthrough"),
    path("status/", views.status, name="status"),
    path("status/retrain/", views.status_retrain, name="status_retrain"),
    path("experiments/", experiment_list, name="experiments"),
]
