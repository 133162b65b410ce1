from django.urls import path

from catalog import cart_views, views

app_name = "catalog"

urlpatterns = [
    path("", views.home, name="home"),
    path("category/<str:slug>/", views.category_detail, name="category"),
    path("product/<str:product_id>/", views.product_detail, name="product"),
    path("product/<str:product_id>/image.svg", views.product_image, name="product_image"),
    path("shopper/switch/", views.shopper_switch, name="shopper_switch"),
    path("cart/", cart_views.cart_view, name="cart"),
    path("cart/add/", cart_views.cart_add_view, name="cart_add"),
    path("checkout/", cart_views.checkout_view, name="checkout"),
]
