from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from experiments.design import assign_variant
from experiments.models import CarouselClick, Experiment, Exposure
from experiments.selectors import experiment_result
from experiments.services import active_experiment, carousel_for_visit
from recommendations.services import carousel_for_product, model_train
from tests.factories import small_store

pytestmark = pytest.mark.django_db


@pytest.fixture
def store() -> dict[str, Any]:
    data = small_store()
    model_train()
    return data


def start(key: str) -> Experiment:
    experiment = Experiment.objects.get(key=key)
    experiment.active = True
    experiment.save()
    return experiment


def test_experiments_are_seeded_inactive_and_can_be_switched_off(store: Any, settings: Any) -> None:
    assert Experiment.objects.count() == 2 and active_experiment() is None
    carousel = carousel_for_visit(product=store["products"]["s05"], user_id="1", session_id="s")
    assert carousel.variant is None and not Exposure.objects.exists()
    start("related-vs-reranked-ab")
    settings.EXPERIMENTS_ENABLED = False
    assert active_experiment() is None


def test_ab_assignment_is_sticky_and_serves_the_variant_strategy(store: Any) -> None:
    experiment = start("related-vs-reranked-ab")
    product = store["products"]["s05"]
    variant = assign_variant(experiment_key=experiment.key, subject="shopper:1", share_b=0.5)
    first = carousel_for_visit(product=product, user_id="1", session_id="a")
    again = carousel_for_visit(product=product, user_id="1", session_id="b")
    assert first.variant == again.variant == variant
    assert first.personalized is (variant == "B")
    expected = carousel_for_product(
        product=product, user_id="1", session_id="a", personalize=variant == "B"
    )
    assert [r.product.id for r in first.items] == [r.product.id for r in expected.items]
    assert Exposure.objects.filter(experiment=experiment, variant=variant).count() == 2
    assert first.exposure_id is not None


def test_interleaving_merges_both_orders_with_teams(store: Any) -> None:
    start("related-vs-reranked-interleaving")
    carousel = carousel_for_visit(product=store["products"]["s05"], user_id="1", session_id="a")
    assert carousel.variant == "AB" and len(carousel.items) == 10
    assert [r.position for r in carousel.items] == list(range(1, 11))
    teams = [r.team for r in carousel.items]
    assert set(teams) == {"A", "B"} and abs(teams.count("A") - teams.count("B")) <= 1
    exposure = Exposure.objects.get()
    assert exposure.items == [[r.product.id, r.team] for r in carousel.items]
    again = carousel_for_visit(product=store["products"]["s05"], user_id="1", session_id="a")
    assert [r.product.id for r in again.items] == [r.product.id for r in carousel.items]


def test_clicks_are_attributed_through_the_exposure(client: Client, store: Any) -> None:
    experiment = start("related-vs-reranked-interleaving")
    client.post("/shopper/switch/", {"shopper_id": "1"})
    html = client.get("/product/s05/").content.decode()
    exposure = Exposure.objects.get()
    assert f"x={exposure.id}" in html and "variant=AB" in html
    pid, team = exposure.items[1]
    client.get(f"/r/{pid}/?pos=2&from=s05&variant=B&x={exposure.id}")
    click = CarouselClick.objects.get()
    assert (click.exposure_id, click.variant, click.team, click.position) == (
        exposure.id,
        "AB",
        team,
        2,
    )
    # An exposure that did not show the product is not credited.
    client.get(f"/r/k01/?pos=1&from=s05&x={exposure.id}")
    assert CarouselClick.objects.get(product_id="k01").exposure_id is None
    result = experiment_result(experiment=experiment)
    assert result.interleaving is not None
    assert (result.interleaving.wins_a, result.interleaving.wins_b) == (
        (1, 0) if team == "A" else (0, 1)
    )
    page = client.get("/experiments/").content.decode()
    assert "sign test p = 1.0000" in page and "running" in page


def test_clicks_from_another_visitor_are_not_credited_to_an_exposure(store: Any) -> None:
    start("related-vs-reranked-interleaving")
    presenter, other = Client(), Client()
    presenter.post("/shopper/switch/", {"shopper_id": "1"})
    presenter.get("/product/s05/")
    exposure = Exposure.objects.get()
    pid, _ = exposure.items[0]
    for _ in range(3):  # another session replays the link: clicks count, the exposure does not
        other.get(f"/r/{pid}/?pos=1&from=s05&x={exposure.id}")
    assert CarouselClick.objects.filter(exposure__isnull=False).count() == 0
    assert CarouselClick.objects.count() == 3
    # Another shopper neither.
    other.post("/shopper/switch/", {"shopper_id": "2"})
    other.get(f"/r/{pid}/?pos=1&from=s05&x={exposure.id}")
    assert not CarouselClick.objects.filter(exposure__isnull=False).exists()
    # The visitor it was shown to is credited.
    presenter.get(f"/r/{pid}/?pos=1&from=s05&x={exposure.id}")
    assert CarouselClick.objects.get(exposure__isnull=False).exposure_id == exposure.id


def test_anonymous_exposure_is_credited_to_its_session_only(store: Any) -> None:
    start("related-vs-reranked-ab")
    visitor, other = Client(), Client()
    visitor.get("/product/s05/")
    exposure = Exposure.objects.get()
    assert exposure.subject.startswith("session:")
    pid, _ = exposure.items[0]
    other.get(f"/r/{pid}/?pos=1&x={exposure.id}")
    visitor.get(f"/r/{pid}/?pos=1&x={exposure.id}")
    assert list(CarouselClick.objects.order_by("id").values_list("exposure_id", flat=True)) == [
        None,
        exposure.id,
    ]


def test_ab_result_counts_clicked_exposures(store: Any) -> None:
    experiment = start("related-vs-reranked-ab")
    product = store["products"]["s01"]

    def expose(variant: str, clicks: int) -> None:
        exposure = Exposure.objects.create(
            experiment=experiment,
            variant=variant,
            subject=f"session:{variant}",
            product=product,
            items=[["b01", variant]],
            timestamp=product.updated_at,
        )
        for _ in range(clicks):
            CarouselClick.objects.create(
                product_id="b01",
                position=1,
                exposure=exposure,
                variant=variant,
                team=variant,
                timestamp=product.updated_at,
            )

    for _ in range(8):
        expose("A", 0)
    expose("A", 2)
    expose("A", 0)
    for _ in range(6):
        expose("B", 1)
    for _ in range(4):
        expose("B", 0)
    result = experiment_result(experiment=experiment)
    a, b = result.variants
    assert (a.exposures, a.clicked_exposures, a.clicks) == (10, 1, 2)
    assert (b.exposures, b.clicked_exposures, b.clicks) == (10, 6, 6)
    assert a.ctr == pytest.approx(0.1) and b.ctr == pytest.approx(0.6)
    # pooled 7/20 = 0.35; se = sqrt(0.35 * 0.65 * 0.2) = 0.21331; z = 0.5 / 0.21331 = 2.3440
    assert result.z_test is not None and result.z_test.z == pytest.approx(2.3440, abs=1e-4)
