"""A sent story becomes a draft: a Latvian GoodPracticeStory under the Latvian story index,
never live, with the LAG of its municipality when one matches, submitted to the moderation
workflow of the story index when it has one. The contact details stay on the submission."""

import re

from django.contrib.auth import get_user_model
from django.utils import translation
from django.utils.html import escape
from django.utils.text import Truncator, slugify
from django.utils.translation import gettext as _
from wagtail.models import Locale, Page
from wagtail.rich_text import RichText

from knowledge.practices.models import LocalActionGroup
from knowledge.stories.index import StoryIndexPage
from knowledge.stories.models import GoodPracticeStory
from search.analysis import analyze

SOURCE_LANGUAGE = "lv"
# The account the form acts as in the page history and the workflow: it cannot sign in.
SYSTEM_USERNAME = "stastu-forma"

# Words that name a kind of area, not the area: "Tukuma novads" and the LAG's "Tukuma novads
# (arī Engures apkaime)" meet on "Tukuma", not on "novads".
AREA_WORDS = set(
    analyze(
        "novads novadā novada pagasts pagastā pagasta pilsēta pilsētā ciems ciemā apkaime "
        "rajons rajona reģions teritorija arī un partnerība biedrība lauku vietējā rīcības "
        "grupa municipality parish district region county town village area rural "
        "partnership local action group the and of",
        SOURCE_LANGUAGE,
    )
)


def _area_terms(text):
    return set(analyze(text or "", SOURCE_LANGUAGE)) - AREA_WORDS


def match_lag(municipality):
    """The Latvian LAG whose region or name holds the municipality's name, when exactly one
    does; else None (an editor chooses)."""
    wanted = _area_terms(municipality)
    if not wanted:
        return None
    found = [
        lag
        for lag in LocalActionGroup.objects.filter(locale__language_code=SOURCE_LANGUAGE)
        if wanted <= _area_terms(f"{lag.region} {lag.name}")
    ]
    return found[0] if len(found) == 1 else None


def story_index(near=None):
    """The Latvian story index: the Latvian version of the form page's parent, or the first."""
    locale = Locale.objects.get(language_code=SOURCE_LANGUAGE)
    if near is not None:
        parent = near.get_parent().specific
        if isinstance(parent, StoryIndexPage):
            index = parent.get_translation_or_none(locale)
            if index is not None:
                return index.specific
    return StoryIndexPage.objects.filter(locale=locale).order_by("path").first()


def system_user():
    User = get_user_model()
    user = User.objects.filter(username=SYSTEM_USERNAME).first()
    if user is None:
        user = User(
            username=SYSTEM_USERNAME,
            first_name="Stāstu forma",
            last_name="(Tell us your story)",
            is_active=False,
        )
        user.set_unusable_password()
        user.save()
    return user


def rich_text(text):
    """The sender's plain text as rich text: escaped, a paragraph per blank line."""
    chunks = [c.strip() for c in re.split(r"\n\s*\n", text.replace("\r\n", "\n")) if c.strip()]
    return RichText(
        "".join(
            "<p>" + "<br/>".join(escape(line.strip()) for line in chunk.split("\n")) + "</p>"
            for chunk in chunks
        )
    )


def _unique_slug(index, title):
    base = slugify(title)[:60].strip("-") or "stasts"
    slug, n = base, 1
    while Page.objects.child_of(index).filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


def story_body(submission):
    with translation.override(SOURCE_LANGUAGE):
        parts = [
            (_("What we did"), submission.what_they_did),
            (_("What changed"), submission.what_changed),
            (_("Who took part"), submission.who_took_part),
        ]
        return [
            block
            for heading, text in parts
            if text.strip()
            for block in (("heading", heading), ("paragraph", rich_text(text)))
        ]


def create_draft(submission, near=None):
    """The draft story of `submission`; never live."""
    index = story_index(near)
    if index is None:
        raise LookupError("there is no Latvian story index to put the story under")
    user = system_user()
    lag = match_lag(submission.municipality)
    first_paragraph = re.split(r"\n\s*\n", submission.what_they_did.strip())[0]
    story = GoodPracticeStory(
        title=submission.title,
        slug=_unique_slug(index, submission.title),
        intro=Truncator(" ".join(first_paragraph.split())).chars(300),
        place=submission.place,
        municipality=submission.municipality,
        # The network is Latvia's; an editor changes it for a story from abroad.
        country="LV",
        latitude=submission.latitude,
        longitude=submission.longitude,
        # The form does not ask for these: the moderator chooses them while reviewing.
        innovation_type="social",
        status="in_transition",
        funding_source=submission.funding,
        lag=lag,
        body=story_body(submission),
        locale=index.locale,
        owner=user,
        live=False,
        has_unpublished_changes=True,
    )
    index.add_child(instance=story)
    story.save_revision(user=user, log_action=True)
    submission.story, submission.lag = story, lag
    submission.status = submission.DRAFTED
    submission.save(update_fields=["story", "lag", "status"])
    return story


def submit_for_moderation(story):
    """Start the story index's workflow on the draft; False when the index has none."""
    workflow = story.get_workflow()
    if workflow is None or not workflow.active:
        return False
    workflow.start(story, system_user())
    return True
