"""Small, explicit catalogs for view and service tests."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal

from catalog.models import Category, Interaction, Product, Shopper

T0 = datetime(2026, 1, 1, tzinfo=UTC)


def make_category(name: str) -> Category:
    return Category.objects.create(name=name, slug=name.replace(" ", "-"))


def make_product(
    pid: str,
    category: Category,
    *,
    style: str = "",
    name: str | None = None,
    visible: bool = True,
    price: str = "10.00",
    stock: int = 5,
    description: str = "",
) -> Product:
    return Product.objects.create(
        id=pid,
        name=name or f"Product {pid}",
        category=category,
        style=style,
        description=description,
        price=Decimal(price),
        current_stock=stock,
        where_visible="UI" if visible else "Alexa",
    )


def make_shopper(
    sid: str, *, persona: str = "footwear_outdoors_apparel", gender: str = ""
) -> Shopper:
    return Shopper.objects.create(id=sid, name=f"Shopper {sid}", persona=persona, gender=gender)


def view(shopper: Shopper, product: Product, minutes: int, event_type: str = "View") -> Interaction:
    return Interaction.objects.create(
        shopper=shopper,
        product=product,
        event_type=event_type,
        timestamp=T0 + timedelta(minutes=minutes),
        source=Interaction.SOURCE_IMPORT,
    )


def small_store() -> dict[str, object]:
    """12 shoes (sneakers s01-s06, boots b01-b06), 5 kitchen items, 1 Alexa-only shoe.

    Shopper "1" keeps viewing boots, shopper "2" sneakers; shoppers 3-6 co-view pairs.
    """
    shoes = make_category("footwear")
    kitchen = make_category("house wares")
    products = {}
    for k in range(1, 7):
        products[f"s0{k}"] = make_product(
            f"s0{k}",
            shoes,
            style="sneaker",
            name=f"Runner sneaker {k}",
            description="running sneaker",
        )
        products[f"b0{k}"] = make_product(
            f"b0{k}", shoes, style="boot", name=f"Hiking boot {k}", description="leather boot"
        )
    for k in range(1, 6):
        products[f"k0{k}"] = make_product(f"k0{k}", kitchen, style="pan", name=f"Pan {k}")
    products["hidden"] = make_product(
        "hidden", shoes, style="boot", name="Voice boot", visible=False
    )
    shoppers = {sid: make_shopper(sid) for sid in "123456"}
    minute = 0
    for pid in ("b01", "b02", "b03", "b04", "b02", "b03"):
        minute += 1
        view(shoppers["1"], products[pid], minute)
    for pid in ("s01", "s02", "s03", "s04", "s02", "s03"):
        minute += 1
        view(shoppers["2"], products[pid], minute)
    for sid, pair in (
        ("3", ("s01", "b01")),
        ("4", ("s01", "b01")),
        ("5", ("k01", "k02")),
        ("6", ("s05", "hidden")),
    ):
        for pid in pair:
            minute += 1
            view(shoppers[sid], products[pid], minute)
    return {"products": products, "shoppers": shoppers, "shoes": shoes, "kitchen": kitchen}
