"""The app's models, gathered from its content areas so that Django registers them all.

Each area keeps its own: core/ (base page, home, articles, snippet base), guide/ (concept guide
and its snippets), roadmap/, practices/ (country practice, Local Action Groups), stories/
(stories, themes, the partner page), content/ (what the loader remembers) and newsroom/ (LAG
partner groups, the review task, queued e-mail; the story form page and the stories sent
through it) and selfcheck/ (the self-check page)."""

from knowledge.content.models import LoadedContent
from knowledge.core.models import HomePage, KnowledgePage, StandardPage
from knowledge.guide.models import (
    ChallengeBankPage,
    ConceptGuidePage,
    ConceptTopicPage,
    CriteriaPage,
    GlossaryPage,
    SmartActivitiesPage,
    SourcesPage,
    StakeholdersPage,
)
from knowledge.guide.snippets import (
    Challenge,
    Criterion,
    GlossaryTerm,
    SmartActivity,
    Source,
    Stakeholder,
)
from knowledge.newsroom.models import ContentReviewTask, LagPartnerGroup, QueuedMail
from knowledge.newsroom.pages import StorySubmissionPage
from knowledge.newsroom.submissions import StorySubmission
from knowledge.practices.models import (
    CountryIndexPage,
    CountryPracticeLAG,
    CountryPracticePage,
    CountryPracticeRoadmapStep,
    LocalActionGroup,
)
from knowledge.roadmap.models import RoadmapPage, RoadmapStepPage
from knowledge.selfcheck.models import SelfCheckPage
from knowledge.stories.index import StoryIndexPage
from knowledge.stories.models import GoodPracticeStory, StoryChallenge, StoryRoadmapStep
from knowledge.stories.partners import PartnerPage
from knowledge.stories.themes import StoryTheme, Theme

__all__ = [
    "Challenge",
    "ChallengeBankPage",
    "ConceptGuidePage",
    "ConceptTopicPage",
    "ContentReviewTask",
    "CountryIndexPage",
    "CountryPracticeLAG",
    "CountryPracticePage",
    "CountryPracticeRoadmapStep",
    "Criterion",
    "CriteriaPage",
    "GlossaryPage",
    "GlossaryTerm",
    "GoodPracticeStory",
    "HomePage",
    "KnowledgePage",
    "LagPartnerGroup",
    "LoadedContent",
    "LocalActionGroup",
    "PartnerPage",
    "QueuedMail",
    "RoadmapPage",
    "RoadmapStepPage",
    "SelfCheckPage",
    "SmartActivitiesPage",
    "SmartActivity",
    "Source",
    "SourcesPage",
    "Stakeholder",
    "StakeholdersPage",
    "StandardPage",
    "StoryChallenge",
    "StoryIndexPage",
    "StoryRoadmapStep",
    "StorySubmission",
    "StorySubmissionPage",
    "StoryTheme",
    "Theme",
]
