from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from experiments.selectors import experiment_results


def experiment_list(request: HttpRequest) -> HttpResponse:
    return render(request, "experiments/list.html", {"results": experiment_results()})
