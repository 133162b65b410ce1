"""A clean SVG placeholder per product, drawn from its category, style and name.

The data has no product images; every card gets a deterministic picture instead of a broken
image. Colours come from a stable hash of the category (hue) and style (shade).
"""

from __future__ import annotations

import hashlib
from html import escape


def _hash(text: str) -> int:
    return int.from_bytes(hashlib.sha256(text.encode("utf-8")).digest()[:4], "big")


def initials(name: str) -> str:
    words = ["".join(ch for ch in w if ch.isalnum()) for w in name.replace("-", " ").split()]
    return "".join(w[0].upper() for w in words if w)[:2] or "?"


def product_svg(*, name: str, category: str, style: str, size: int = 400) -> str:
    hue = _hash(category) % 360
    shade = 35 + _hash(style) % 25
    accent = (hue + 40) % 360
    label = escape(style or category or "product")
    mark = escape(initials(name))
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {size} {size}" '
        f'width="{size}" height="{size}" role="img" aria-label="{escape(name)}">'
        "<defs>"
        f'<linearGradient id="g" x1="0" y1="0" x2="1" y2="1">'
        f'<stop offset="0" stop-color="hsl({hue},55%,{shade + 30}%)"/>'
        f'<stop offset="1" stop-color="hsl({accent},60%,{shade + 10}%)"/>'
        "</linearGradient></defs>"
        f'<rect width="{size}" height="{size}" fill="url(#g)"/>'
        f'<circle cx="{size / 2}" cy="{size * 0.42}" r="{size * 0.22}" '
        f'fill="hsl({hue},40%,{shade}%)" fill-opacity="0.85"/>'
        f'<text x="50%" y="{size * 0.42}" dy="0.35em" text-anchor="middle" '
        f'font-family="system-ui, sans-serif" font-size="{size * 0.16}" font-weight="700" '
        f'fill="#fff">{mark}</text>'
        f'<text x="50%" y="{size * 0.82}" text-anchor="middle" '
        f'font-family="system-ui, sans-serif" font-size="{size * 0.07}" '
        f'fill="hsl({hue},45%,20%)">{label}</text>'
        "</svg>"
    )
