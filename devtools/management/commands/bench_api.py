"""Benchmark the public API: latency of a 20-story listing under gunicorn (median, p95) and the
number of SQL queries per request, which must not grow with the page size.

Run through `make bench` or `make bench-api`, which use their own database. Before measuring it
adds realistic stories (slugs `bench-api-…`): copies of the real ones with their themes,
challenges, roadmap steps, LAG and coordinates, published in Latvian and translated into English
with the English text of the real story's translation."""

import itertools
import json
import re
import statistics
import time
import urllib.request
from collections import Counter

from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.db.models import Count, Q
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings
from wagtail.models import Locale
from wagtail_localize.fields import TranslatableField

from devtools.guard import require_bench_database
from devtools.gunicorn import gunicorn, percentile
from knowledge.models import GoodPracticeStory, StoryIndexPage, Theme

PREFIX = "bench-api-"
STORIES = "/api/v2/pages/?type=knowledge.GoodPracticeStory&locale={language}&fields=*"
MIXED = "/api/v2/pages/?locale=lv&fields=*"
SEARCH = "/api/v2/pages/?search=kopiena&locale=lv&fields=*"
PAGE_SIZES = (1, 5, 20)
# Fields that a translator translates; the rest (coordinates, themes, links…) are synchronised.
TRANSLATED = [
    field.field_name
    for field in GoodPracticeStory.translatable_fields
    if isinstance(field, TranslatableField) and field.field_name != "slug"
]


class Command(BaseCommand):
    help = (
        "Time the stories listing of the API under gunicorn and count its SQL queries per "
        "page size (adds realistic bench-api- stories first)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--stories", type=int, default=40, help="bench stories per language")
        parser.add_argument("--requests", type=int, default=200, help="timed requests per URL")
        parser.add_argument("--workers", type=int, default=2, help="gunicorn workers")

    def handle(self, *args, stories, requests, workers, **options):
        require_bench_database()
        self.ensure_stories(stories)
        theme = self.busiest_theme()
        urls = [
            STORIES.format(language="lv") + "&limit=20",
            STORIES.format(language="en") + "&limit=20",
            STORIES.format(language="lv") + f"&limit=20&theme={theme}",
        ]
        self.time_under_gunicorn(urls, requests, workers)
        self.count_queries()

    # Realistic stories --------------------------------------------------------------------------

    def ensure_stories(self, count):
        """Copy the real stories round-robin until each language has `count` bench stories."""
        lv, en = Locale.objects.get(language_code="lv"), Locale.objects.get(language_code="en")
        lv_index = StoryIndexPage.objects.get(locale=lv)
        real = list(
            GoodPracticeStory.objects.child_of(lv_index)
            .live()
            .exclude(slug__startswith="bench-")
            .order_by("path")
        )
        if not real:
            raise CommandError("No stories to copy: run `manage.py load_content` first.")
        added = 0
        started = time.perf_counter()
        for n in range(count):
            model = real[n % len(real)]
            slug = f"{PREFIX}{n:03d}"
            with transaction.atomic():
                story = GoodPracticeStory.objects.child_of(lv_index).filter(slug=slug).first()
                if story is None:
                    story = model.copy(
                        to=lv_index,
                        update_attrs={"slug": slug, "title": f"{model.title} ({n + 1})"},
                        copy_revisions=False,
                        keep_live=False,
                        log_action=None,
                    )
                    story.save_revision().publish()
                    added += 1
                if story.get_translation_or_none(en) is None:
                    self.translate(story, model.get_translation(en), n, en)
                    added += 1
        total = GoodPracticeStory.objects.live().filter(slug__startswith=PREFIX).count()
        self.stdout.write(
            f"{total} bench stories (both languages), {added} added in "
            f"{time.perf_counter() - started:.0f} s; "
            f"{GoodPracticeStory.objects.live().count()} live stories in all"
        )

    @staticmethod
    def translate(story, english_model, n, en):
        """The English translation: Wagtail's copy for translation (same translation key, the
        synchronised fields and links as they are), with the real story's English text."""
        translation = story.copy_for_translation(en)
        for name in TRANSLATED:
            setattr(translation, name, getattr(english_model, name))
        translation.title = f"{english_model.title} ({n + 1})"
        translation.save()
        translation.save_revision().publish()

    @staticmethod
    def busiest_theme():
        theme = (
            Theme.objects.annotate(
                stories=Count(
                    "tagged_stories",
                    filter=Q(
                        tagged_stories__content_object__live=True,
                        tagged_stories__content_object__locale__language_code="lv",
                    ),
                )
            )
            .order_by("-stories", "slug")
            .first()
        )
        if theme is None:
            raise CommandError("No themes: run `manage.py load_content` first.")
        return theme.slug

    # Latency under gunicorn ---------------------------------------------------------------------

    def time_under_gunicorn(self, urls, requests, workers):
        with gunicorn(workers, API_RATE_LIMIT="0") as base:
            self.stdout.write(
                f"gunicorn, {workers} workers, production settings, rate limit off, "
                f"{connection.vendor}; {requests} requests per URL, one at a time"
            )
            for url in urls:
                self.time_url(base + url, requests)

    def time_url(self, url, requests):
        for _ in range(10):  # warm both workers: imports, compiled templates, caches
            body = self.fetch(url)
        timings = []
        for _ in range(requests):
            started = time.perf_counter()
            self.fetch(url)
            timings.append((time.perf_counter() - started) * 1000)
        items = json.loads(body)["items"]
        have = Counter(
            key
            for item in items
            for key in ("theme_labels", "challenges", "roadmap_steps", "lag", "latitude")
            if item.get(key)
        )
        self.stdout.write(
            f"  {url.split('/api/', 1)[1]}\n"
            f"    median {statistics.median(timings):.1f} ms, "
            f"p95 {percentile(timings, 0.95):.1f} ms; "
            f"{len(items)} stories, {len(body) // 1024} KiB; with themes {have['theme_labels']}, "
            f"challenges {have['challenges']}, roadmap steps {have['roadmap_steps']}, "
            f"LAG {have['lag']}, coordinates {have['latitude']}"
        )

    @staticmethod
    def fetch(url):
        with urllib.request.urlopen(url, timeout=30) as response:
            if response.status != 200:
                raise CommandError(f"{url} answered {response.status}")
            return response.read()

    # SQL queries per request --------------------------------------------------------------------

    def count_queries(self):
        client = Client()
        listings = {
            "stories lv": STORIES.format(language="lv"),
            "stories en": STORIES.format(language="en"),
            "all types lv": MIXED,
            "search lv": SEARCH,
        }
        grown = []
        self.stdout.write(f"SQL queries per request (in process), by page size {PAGE_SIZES}:")
        with override_settings(API_RATE_LIMIT=0, ALLOWED_HOSTS=["testserver"]):
            for label, url in listings.items():
                runs = [self.queries(client, f"{url}&limit={size}") for size in PAGE_SIZES]
                self.stdout.write(f"  {label:<13} {[len(run) for run in runs]}  ({url})")
                # The largest pair that shows growth says it best; one line per query.
                pairs = list(itertools.pairwise(zip(PAGE_SIZES, runs, strict=True)))
                for (small_size, small), (large_size, large) in reversed(pairs):
                    found = per_item_queries(small, large)
                    grown.extend(
                        f"{label}, limit {small_size} → {large_size}: {a} → {b} × {sql[:160]}…"
                        for sql, (a, b) in found.items()
                    )
                    if found:
                        break
            for language in ("lv", "en"):
                story = GoodPracticeStory.objects.live().filter(
                    locale__language_code=language, slug__startswith=PREFIX
                )[0]
                url = f"/api/v2/pages/{story.pk}/"
                count = len(self.queries(client, url))
                self.stdout.write(f"  detail {language:<6} {count}  ({url})")
        if grown:
            raise CommandError(
                "SQL queries grow with the page size (a query per item): prefetch what the API "
                "fields read for the whole page of results.\n" + "\n".join(grown)
            )

    @staticmethod
    def queries(client, url):
        client.get(url)  # warm: content types and site roots are cached per process
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url)
        if response.status_code != 200:
            raise CommandError(f"{url} answered {response.status_code}: {response.content[:300]}")
        return [query["sql"] for query in captured.captured_queries]


def query_shape(sql):
    """The query without its values, so that the same query for another item counts as one."""
    return re.sub(r"\(\?(, \?)*\)", "(…)", re.sub(r"'[^']*'|\b\d+\b", "?", sql))


def per_item_queries(small, large):
    """{query: (runs for the smaller page, runs for the larger)} of the queries that the larger
    page of results runs more often. Once where the smaller page needed it not at all is a batch
    for something only the larger page holds (say, a rich-text link); more often is a query per
    item."""
    small_runs, large_runs = Counter(map(query_shape, small)), Counter(map(query_shape, large))
    return {
        sql: (small_runs[sql], runs)
        for sql, runs in large_runs.items()
        if runs > max(small_runs[sql], 1)
    }
