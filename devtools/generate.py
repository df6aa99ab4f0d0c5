"""Generated stories for the benchmarks, thousands a minute: Latvian stories with their English
translations, each taking the structured fields (country, a point near the real one, themes,
challenges, roadmap steps, LAG, innovation type, status, funding, image) of a real story in
the same language, with a title and intro of generated words.

Fast because it does in bulk what publishing does one page at a time: tree paths are counted
on from the last child, a batch of pages is one transaction, the themes and links are bulk
inserts, and the search index is written once per batch (what `update_index` does) instead of
once per save. Neither the reference index (the admin's "usage" counts) nor the audit log is
written for them, and they have no revisions."""

import contextlib
import random
import time
import uuid
from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal

from django.core.management.base import CommandError
from django.db import transaction
from django.db.models import F, Min
from django.db.models.signals import post_save
from django.utils import timezone
from modelsearch.signal_handlers import post_save_signal_handler
from wagtail.models import Locale, Page
from wagtail.search.backends import get_search_backends
from wagtail.signal_handlers import disable_reference_index_auto_update

from knowledge.models import GoodPracticeStory, StoryIndexPage
from knowledge.stories.models import StoryChallenge, StoryRoadmapStep
from knowledge.stories.themes import StoryTheme, with_themes
from search.service import invalidate_vocabulary

PREFIX = "bench-"
SLUG_PATTERN = r"^bench-[0-9]+$"
LANGUAGES = ("lv", "en")
WORDS = {
    "lv": "ciems kopiena stratēģija enerģija jaunieši mājoklis tirgus sadarbība iedzīvotāji "
    "pašvaldība skola pakalpojumi transports digitāls risinājums mežs jūra zvejnieki "
    "kultūra mantojums tūrisms uzņēmējs biedrība projekts finansējums".split(),
    "en": "village community strategy energy youth housing market cooperation residents "
    "municipality school services transport digital solution forest sea fishers "
    "culture heritage tourism entrepreneur association project funding".split(),
}
# Copied from the real story; title, slug and intro are generated, the text fields stay empty.
COPIED = [
    "place",
    "municipality",
    "country",
    "innovation_type",
    "status",
    "lag_id",
    "funding_source",
    "funding_amount",
    "funding_currency",
    "period_start",
    "period_end",
    "period_precision",
    "image_id",
    "image_alt",
]


@dataclass
class Generated:
    """What a run added and how long it took, in seconds."""

    added: int = 0
    pages_seconds: float = 0.0
    index_seconds: float = 0.0
    total: int = 0

    @property
    def seconds(self):
        return self.pages_seconds + self.index_seconds


def generated_stories(locale=None):
    stories = GoodPracticeStory.objects.filter(slug__regex=SLUG_PATTERN)
    return stories.filter(locale=locale) if locale else stories


@contextlib.contextmanager
def search_index_deferred():
    """Saves do not index the story one by one (the caller indexes the batch)."""
    post_save.disconnect(post_save_signal_handler, sender=GoodPracticeStory)
    try:
        with disable_reference_index_auto_update():
            yield
    finally:
        post_save.connect(post_save_signal_handler, sender=GoodPracticeStory)


class Generator:
    def __init__(self, seed=42):
        self.rng = random.Random(seed)
        self.locales = {code: Locale.objects.get(language_code=code) for code in LANGUAGES}
        self.indexes = {
            code: StoryIndexPage.objects.get(locale=locale) for code, locale in self.locales.items()
        }
        real = (
            GoodPracticeStory.objects.filter(locale=self.locales["lv"], live=True)
            .exclude(slug__startswith=PREFIX)
            .order_by("path")
        )
        if not real:
            raise CommandError("No stories to copy: run `manage.py load_content` first.")
        # Each real Latvian story with its English translation (or itself, if it has none).
        english = {
            story.translation_key: story
            for story in GoodPracticeStory.objects.filter(
                locale=self.locales["en"], translation_key__in=[s.translation_key for s in real]
            )
        }
        self.models = [{"lv": s, "en": english.get(s.translation_key, s)} for s in real]
        self.links = {
            model: self.links_of(model) for pair in self.models for model in pair.values()
        }
        # Older than every real story: the first page of a listing shows the same stories as
        # on the real content, and what grows is everything behind it.
        oldest = GoodPracticeStory.objects.aggregate(oldest=Min("first_published_at"))["oldest"]
        self.published_before = oldest or timezone.now()

    @staticmethod
    def links_of(story):
        return {
            "themes": list(StoryTheme.objects.filter(content_object=story).values_list("tag_id")),
            "challenges": list(
                StoryChallenge.objects.filter(page=story).values_list("challenge_id", "sort_order")
            ),
            "steps": list(
                StoryRoadmapStep.objects.filter(page=story).values_list("step_id", "sort_order")
            ),
        }

    def story(self, n, language, model, translation_key, parent, path):
        words = self.rng.sample(WORDS[language], 12)
        story = GoodPracticeStory(
            title=f"{words[0].capitalize()} {words[1]} {n}",
            draft_title=f"{words[0].capitalize()} {words[1]} {n}",
            slug=f"{PREFIX}{n}",
            intro=" ".join(words),
            locale=self.locales[language],
            translation_key=translation_key,
            live=True,
            first_published_at=self.published_before - timedelta(hours=n + 1),
            last_published_at=self.published_before - timedelta(hours=n + 1),
            latitude=self.near(model.latitude),
            longitude=self.near(model.longitude),
            path=path,
            depth=parent.depth + 1,
            numchild=0,
            **{name: getattr(model, name) for name in COPIED},
        )
        # What treebeard's add_child and Wagtail's save would look up for every page.
        story._cached_parent_obj = parent
        story._is_site_root = False
        return story

    def near(self, degrees):
        """A point within about 5 km of the real one, so that markers do not all coincide."""
        if degrees is None:
            return None
        return (degrees + Decimal(self.rng.uniform(-0.05, 0.05))).quantize(Decimal("0.00001"))

    def add(self, start, count, batch, progress):
        """Add stories number `start` … `count - 1` in each language; returns the seconds
        spent writing pages and indexing them."""
        cursors = {code: index.get_last_child() or index for code, index in self.indexes.items()}
        pages_seconds = index_seconds = 0.0
        for first in range(start, count, batch):
            numbers = range(first, min(first + batch, count))
            started = time.perf_counter()
            with transaction.atomic(), search_index_deferred():
                created = {code: [] for code in LANGUAGES}
                for n in numbers:
                    pair = self.models[n % len(self.models)]
                    key = uuid.uuid4()
                    for code in LANGUAGES:
                        index = self.indexes[code]
                        cursor = cursors[code]
                        path = (
                            cursor._inc_path()
                            if cursor is not index
                            else Page._get_path(index.path, index.depth + 1, 1)
                        )
                        story = self.story(n, code, pair[code], key, index, path)
                        story.save(clean=False, log_action=None)
                        cursors[code] = story
                        created[code].append((story, pair[code]))
                for code, stories in created.items():
                    Page.objects.filter(pk=self.indexes[code].pk).update(
                        numchild=F("numchild") + len(stories)
                    )
                    self.bulk_links(stories)
            pages_seconds += time.perf_counter() - started
            started = time.perf_counter()
            ids = [story.pk for stories in created.values() for story, _ in stories]
            with transaction.atomic():
                objects = list(
                    GoodPracticeStory.get_indexed_objects()
                    .filter(pk__in=ids)
                    .select_related("locale")
                    .prefetch_related(with_themes())
                )
                for backend in get_search_backends(with_auto_update=True):
                    backend.add_bulk(GoodPracticeStory, objects)
            index_seconds += time.perf_counter() - started
            progress(numbers[-1] + 1)
        return pages_seconds, index_seconds

    def bulk_links(self, stories):
        themes, challenges, steps = [], [], []
        for story, model in stories:
            links = self.links[model]
            themes += [StoryTheme(content_object=story, tag_id=t) for (t,) in links["themes"]]
            challenges += [
                StoryChallenge(page=story, challenge_id=c, sort_order=o)
                for c, o in links["challenges"]
            ]
            steps += [
                StoryRoadmapStep(page=story, step_id=s, sort_order=o) for s, o in links["steps"]
            ]
        StoryTheme.objects.bulk_create(themes)
        StoryChallenge.objects.bulk_create(challenges)
        StoryRoadmapStep.objects.bulk_create(steps)


def generate_stories(count, *, batch=500, progress=lambda done: None):
    """Make sure each language has `count` generated stories (slugs bench-0, bench-1, …); the
    English ones are translations of the Latvian ones. Returns what was added and its time."""
    generator = Generator()
    have = {code: generated_stories(generator.locales[code]).count() for code in LANGUAGES}
    if have["lv"] != have["en"]:
        raise CommandError(
            f"This database has {have['lv']} generated Latvian and {have['en']} English stories "
            "(an older generator's?): start from a fresh bench database (`make bench` does)."
        )
    result = Generated()
    if have["lv"] < count:
        result.pages_seconds, result.index_seconds = generator.add(
            have["lv"], count, batch, progress
        )
        result.added = 2 * (count - have["lv"])
        invalidate_vocabulary()  # "did you mean" learns the new words, as after a publish
    result.total = generated_stories().count()
    return result
