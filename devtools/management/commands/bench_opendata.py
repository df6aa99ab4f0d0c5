"""Benchmark the open data (CSV and GeoJSON): time, bytes and memory of the whole file and of a
page of 50, at a small and at a large number of stories, streamed as the site sends it and
built in memory as it was built before (every story and its stream fields loaded at once).

Run through `make bench` (its own database). Stories are added in bulk (`bench-data-…`, with
coordinates, themes and a body of about 2 KB, so that loading stream fields would show), up to
`--small` and then `--stories` stories in all, half in each language: the Latvian files
measured hold half of them. Each measurement runs in a process of its own, so that the memory
one leaves behind does not hide another's: the peak of Python's allocations while the
response is made and read (tracemalloc) and the growth of the process's resident memory
(its peak, reset before the request, less what it held before)."""

import argparse
import csv
import io
import json
import random
import statistics
import subprocess
import sys
import time
import tracemalloc
import uuid
from datetime import timedelta
from decimal import Decimal

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.db.models import F
from django.http import HttpResponse
from django.test import Client, RequestFactory
from django.utils import timezone
from wagtail.models import Locale, Page

from devtools.guard import require_bench_database
from knowledge.models import GoodPracticeStory, StoryIndexPage, Theme
from knowledge.stories import data
from knowledge.stories.choice import StoryChoice
from knowledge.stories.themes import StoryTheme, with_themes
from search.public import public

PREFIX = "bench-data-"
BATCH = 500
URLS = {
    "csv": "/lv/data/stories.csv",
    "geojson": "/lv/data/stories.geojson",
}
WORDS = (
    "ciems kopiena stratēģija enerģija jaunieši mājoklis tirgus sadarbība iedzīvotāji "
    "pašvaldība skola pakalpojumi transports digitāls risinājums mežs jūra kultūra"
).split()


def _rss_kib(field):
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith(field + ":"):
                return int(line.split()[1])
    return 0


def _reset_peak_rss():
    """Linux: make VmHWM (the peak resident memory) start again from the current one."""
    try:
        with open("/proc/self/clear_refs", "w") as refs:
            refs.write("5")
    except OSError:
        pass


class Command(BaseCommand):
    help = (
        "Time and measure the memory of the open data (CSV, GeoJSON; whole and limit=50), "
        "streamed and built in memory, at --small and at --stories stories (both languages)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--stories", type=int, default=20000, help="stories in all, half per language"
        )
        parser.add_argument("--small", type=int, default=1000, help="the small size compared")
        parser.add_argument("--rounds", type=int, default=3, help="timed runs per measurement")
        # One measurement, in the process that runs it (the command calls itself).
        parser.add_argument("--measure", help=argparse.SUPPRESS)
        parser.add_argument("--way", default="streamed", help=argparse.SUPPRESS)

    def handle(self, *args, stories, small, rounds, measure, way, **options):
        if measure:
            self.stdout.write(json.dumps(self.measure(measure, way, rounds)))
            return
        require_bench_database()
        results = {}
        for size in (small, stories):
            self.ensure_stories(size)
            results[size] = self.measure_all(rounds)
        self.report(results, small, stories)

    # Stories, in bulk ---------------------------------------------------------------------

    def ensure_stories(self, total):
        """Add bench stories until each language has total/2 live stories."""
        themes = list(Theme.objects.all())
        if not themes:
            raise CommandError("No themes: run `manage.py load_content` first.")
        content_type = ContentType.objects.get_for_model(GoodPracticeStory)
        rng = random.Random(total)
        started, added = time.perf_counter(), 0
        for language in ("lv", "en"):
            locale = Locale.objects.get(language_code=language)
            index = StoryIndexPage.objects.get(locale=locale)
            have = GoodPracticeStory.objects.live().filter(locale=locale).count()
            for first in range(0, max(0, total // 2 - have), BATCH):
                count = min(BATCH, total // 2 - have - first)
                with transaction.atomic():
                    self.add_batch(index, locale, content_type, themes, rng, count)
                added += count
        self.stdout.write(
            f"{GoodPracticeStory.objects.live().count()} live stories, {added} added in "
            f"{time.perf_counter() - started:.1f} s"
        )

    def add_batch(self, index, locale, content_type, themes, rng, count):
        """`count` published stories under `index`: their pages, their own rows and themes,
        three inserts (the tree's paths are numbered after the index's last child)."""
        index.refresh_from_db()
        last = index.get_last_child()
        step = Page._str2int(last.path[-Page.steplen :]) + 1 if last else 1
        now = timezone.now()
        pages, stories = [], []
        for n in range(count):
            number = step + n
            words = rng.sample(WORDS, 8)
            slug = f"{PREFIX}{locale.language_code}-{number}"
            published = now - timedelta(minutes=number)
            pages.append(
                Page(
                    title=f"{words[0].capitalize()} {words[1]} {number}",
                    draft_title=f"{words[0].capitalize()} {words[1]} {number}",
                    slug=slug,
                    content_type=content_type,
                    path=Page._get_path(index.path, index.depth + 1, number),
                    depth=index.depth + 1,
                    numchild=0,
                    url_path=f"{index.url_path}{slug}/",
                    live=True,
                    has_unpublished_changes=False,
                    first_published_at=published,
                    last_published_at=published,
                    latest_revision_created_at=published,
                    locale=locale,
                    translation_key=uuid.uuid4(),
                )
            )
        Page.objects.bulk_create(pages)
        for page in pages:
            words = rng.sample(WORDS, 12)
            paragraph = " ".join(rng.choice(WORDS) for _ in range(300))
            stories.append(
                GoodPracticeStory(
                    page_ptr_id=page.pk,
                    intro=" ".join(words).capitalize() + ".",
                    body=[{"type": "paragraph", "value": f"<p>{paragraph}</p>"}],
                    place=words[2].capitalize(),
                    municipality=f"{words[3].capitalize()} novads",
                    country="LV",
                    latitude=Decimal(f"{56 + rng.random() * 1.8:.6f}"),
                    longitude=Decimal(f"{21 + rng.random() * 6.5:.6f}"),
                    innovation_type="social",
                    status="in_transition",
                )
            )
        fields = GoodPracticeStory._meta.local_concrete_fields
        GoodPracticeStory._base_manager._insert(stories, fields=fields)
        StoryTheme.objects.bulk_create(
            StoryTheme(content_object_id=page.pk, tag=theme)
            for page in pages
            for theme in rng.sample(themes, 1 + page.pk % 3)
        )
        Page.objects.filter(pk=index.pk).update(numchild=F("numchild") + count)

    # Measuring ----------------------------------------------------------------------------

    def measure_all(self, rounds):
        """Each case in a process of its own."""
        found = {}
        for kind, url in URLS.items():
            for label, address, way in (
                ("whole, streamed", url, "streamed"),
                ("whole, in memory (before)", url, "old"),
                ("limit=50", f"{url}?limit=50", "streamed"),
            ):
                command = [
                    sys.executable,
                    str(settings.BASE_DIR / "manage.py"),
                    "bench_opendata",
                    f"--measure={address}",
                    f"--way={way}",
                    f"--rounds={rounds}",
                ]
                done = subprocess.run(command, capture_output=True, text=True, check=False)
                if done.returncode:
                    raise CommandError(f"{address} ({way}) failed:\n{done.stderr[-2000:]}")
                found[(kind, label)] = json.loads(done.stdout.strip().splitlines()[-1])
        return found

    def measure(self, url, way, rounds):
        host = settings.ALLOWED_HOSTS[0].lstrip(".") or "localhost"
        client = Client(HTTP_HOST=host)
        fetch = self.fetch_streamed if way == "streamed" else self.fetch_old
        fetch(client, url.split("?")[0] + "?limit=1", host)  # warm: imports, caches
        # Resident memory first, while the process has not yet held the large file.
        before = _rss_kib("VmRSS")
        _reset_peak_rss()
        fetch(client, url, host)
        rss_growth = max(0, _rss_kib("VmHWM") - before)
        tracemalloc.start()
        tracemalloc.reset_peak()
        fetch(client, url, host)
        traced_peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        timings, size = [], 0
        for _ in range(rounds):
            started = time.perf_counter()
            size = fetch(client, url, host)
            timings.append(time.perf_counter() - started)
        return {
            "seconds": statistics.median(timings),
            "bytes": size,
            "traced_peak": traced_peak,
            "rss_growth": rss_growth * 1024,
        }

    def fetch_streamed(self, client, url, host):
        """The site's own view, its response read piece by piece as a server sends it."""
        response = client.get(url)
        if response.status_code != 200:
            raise CommandError(f"{url} answered {response.status_code}")
        if not response.streaming:
            return len(response.content)
        size = 0
        for piece in response.streaming_content:
            size += len(piece)
        response.close()
        return size

    def fetch_old(self, client, url, host):
        """The file as the site built it before: every chosen story (with its stream fields)
        loaded at once, the whole text made in memory, then one response."""
        request = RequestFactory(HTTP_HOST=host).get(url)
        kind = "csv" if ".csv" in url else "geojson"
        limit = 1 if "limit=1" in url else None
        choice = StoryChoice.from_query({}, language="lv", default_limit=limit)
        stories = (
            public(GoodPracticeStory.objects.all(), language="lv")
            .select_related("locale")
            .prefetch_related(with_themes())
            .order_by("-first_published_at", "pk")
        )[: choice.limit]
        rows = [data._row(story, request, story.theme_list) for story in stories]
        if kind == "csv":
            buffer = io.StringIO()
            writer = csv.DictWriter(buffer, fieldnames=data.CSV_COLUMNS)
            writer.writeheader()
            for row in rows:
                row["themes"] = "; ".join(row["themes"])
                writer.writerow(row)
            body = buffer.getvalue()
        else:
            features = []
            for row in rows:
                if row["latitude"] is None or row["longitude"] is None:
                    continue
                geometry = {
                    "type": "Point",
                    "coordinates": [row.pop("longitude"), row.pop("latitude")],
                }
                features.append({"type": "Feature", "geometry": geometry, "properties": row})
            collection = {"type": "FeatureCollection", "features": features}
            body = json.dumps(collection, ensure_ascii=False)
        return len(HttpResponse(body).content)

    # Reporting ----------------------------------------------------------------------------

    def report(self, results, small, large):
        mib = 1024 * 1024
        self.stdout.write(
            f"\n{'file':8} {'case':27} {'stories':>7} {'time':>8} {'size':>9} "
            f"{'Python peak':>12} {'RSS growth':>11}"
        )
        for size in (small, large):
            for (kind, label), found in results[size].items():
                self.stdout.write(
                    f"{kind:8} {label:27} {size:>7} {found['seconds'] * 1000:>6.0f}ms "
                    f"{found['bytes'] / mib:>7.2f}MB {found['traced_peak'] / mib:>10.1f}MB "
                    f"{found['rss_growth'] / mib:>9.1f}MB"
                )
        self.stdout.write("")
        for kind in URLS:
            for label in ("whole, streamed", "whole, in memory (before)"):
                grew = results[large][(kind, label)]["traced_peak"] / max(
                    1, results[small][(kind, label)]["traced_peak"]
                )
                self.stdout.write(
                    f"{kind} {label}: Python peak at {large} / at {small} stories = {grew:.2f}"
                )
            streamed = results[large][(kind, "whole, streamed")]["traced_peak"]
            before = results[large][(kind, "whole, in memory (before)")]["traced_peak"]
            self.stdout.write(
                f"{kind} at {large} stories: in memory / streamed = {before / streamed:.1f}×"
            )
