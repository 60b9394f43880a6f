from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET

from action_plans.selectors import plan_list_latest_published
from commitments.display import completion_breakdown
from irm_reviews.selectors import review_cycle_list_latest_published

from .figures import headline_figures

LATEST_COUNT = 6


def home(request: HttpRequest) -> HttpResponse:
    figures = headline_figures()
    return render(
        request,
        "home.html",
        {
            "figures": figures,
            "completion": completion_breakdown(figures.completion_levels),
            "latest_plans": plan_list_latest_published(LATEST_COUNT),
            "latest_reports": review_cycle_list_latest_published(LATEST_COUNT),
        },
    )


def data(request: HttpRequest) -> HttpResponse:
    return render(request, "data.html")


@require_GET
def robots_txt(request: HttpRequest) -> HttpResponse:
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /i18n/",
        f"Sitemap: {request.build_absolute_uri(reverse('sitemap'))}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain")
