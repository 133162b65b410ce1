from django.http import HttpRequest, HttpResponse


def home(request: HttpRequest) -> HttpResponse:
    return HttpResponse("todo")


category_detail = product_detail = product_image = shopper_switch = page_not_found = home


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:  # type: ignore[no-redef]
    return HttpResponse("not found", status=404)
