"""Benchmark: search, suggestion and search-page latency (median, p95) on this database,
optionally after adding generated stories. Run through `make bench` (its own database file)."""

import statistics
import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.test import Client
from django.urls import reverse
from django.utils import translation

from devtools.generate import generate_stories
from devtools.guard import require_bench_database
from devtools.gunicorn import percentile
from knowledge.models import GoodPracticeStory
from search.service import search_pages, suggest

QUERIES = {
    "lv": [
        "ciemiem",
        "zviedrija",
        "energijas kopiena",
        "strategija",
        "kopienām",
        "Zviedrjia",
        "vietējās rīcības grupas",
        "finansēšana",
        "Alsungā",
        "jauniešiem",
    ],
    "en": [
        "villages",
        "swedish lags",
        "energy community",
        "strategy",
        "depopulaton",
        "local action groups",
        "financing",
        "young people",
        "Alsunga",
        "housing",
    ],
}
PREFIXES = {
    "lv": ["zv", "ener", "kop", "strat", "alsu", "fin"],
    "en": ["swe", "ener", "comm", "strat", "alsu", "fin"],
}


class Command(BaseCommand):
    help = "Measure search and suggestion latency; --stories N adds N stories per language."

    def add_arguments(self, parser):
        parser.add_argument("--stories", type=int, default=0)
        parser.add_argument("--rounds", type=int, default=5)

    def generate(self, count):
        generated = generate_stories(count)
        self.stdout.write(
            f"{generated.added} generated stories added (both languages) in "
            f"{generated.seconds:.0f} s: pages {generated.pages_seconds:.0f} s, search index "
            f"{generated.index_seconds:.0f} s"
        )

    def measure(self, label, function, inputs, rounds):
        for language, items in inputs.items():
            for item in items:  # warm caches (vocabulary, compiled queries)
                function(item, language)
            timings = []
            for _ in range(rounds):
                for item in items:
                    started = time.perf_counter()
                    function(item, language)
                    timings.append((time.perf_counter() - started) * 1000)
            self.stdout.write(
                f"{label} [{language}] median {statistics.median(timings):.1f} ms, "
                f"p95 {percentile(timings, 0.95):.1f} ms ({len(timings)} runs)"
            )

    def handle(self, *args, stories, rounds, **options):
        if stories:
            require_bench_database()
            self.generate(stories)
        total = GoodPracticeStory.objects.live().count()
        self.stdout.write(f"{total} live stories in both languages")
        self.measure("search", search_pages, QUERIES, rounds)
        self.measure("suggest", suggest, PREFIXES, rounds)
        self.measure("search page", self.search_page, QUERIES, rounds)

    def search_page(self, query, language):
        """The whole search page as a reader gets it: search, facets, snippets, template."""
        if not hasattr(self, "client"):
            self.client = Client(HTTP_HOST=settings.ALLOWED_HOSTS[0].lstrip(".") or "localhost")
        with translation.override(language):
            url = reverse("search")
        response = self.client.get(url, {"q": query})
        if response.status_code != 200:
            raise CommandError(f"{url}?q={query} answered {response.status_code}")
