"""RSS and Atom feeds of the latest stories, per language, optionally by country or theme."""

from django.contrib.syndication.views import Feed
from django.http import HttpResponseBadRequest
from django.utils import translation
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _

from search.public import public_pages

from .choice import ChoiceError, StoryChoice
from .index import StoryIndexPage


class StoriesFeed(Feed):
    def __call__(self, request, *args, **kwargs):
        try:
            self.choice = StoryChoice.from_query(
                request.GET, language=translation.get_language(), default_limit=20
            )
        except ChoiceError as error:
            return HttpResponseBadRequest(str(error), content_type="text/plain; charset=utf-8")
        response = super().__call__(request, *args, **kwargs)
        response.cookies.clear()
        response["Access-Control-Allow-Origin"] = "*"
        response["Cache-Control"] = "public, max-age=600"
        return response

    def get_object(self, request, *args, **kwargs):
        self.request = request
        return self.choice

    def title(self, choice):
        return _("Smart villages: good-practice stories")

    def link(self, choice):
        index = public_pages(choice.language, model=StoryIndexPage).first()
        return index.get_url(self.request) if index else f"/{choice.language}/"

    def description(self, choice):
        return _("The latest stories of rural communities in Latvia and across Europe.")

    def items(self, choice):
        return choice.chosen()

    def item_title(self, story):
        return story.title

    def item_description(self, story):
        return story.intro

    def item_link(self, story):
        return story.get_url(self.request)

    def item_pubdate(self, story):
        return story.first_published_at

    def item_updateddate(self, story):
        return story.last_published_at

    def item_categories(self, story):
        return [theme.label_for(story.locale.language_code) for theme in story.theme_list]


class AtomStoriesFeed(StoriesFeed):
    feed_type = Atom1Feed
    subtitle = StoriesFeed.description
