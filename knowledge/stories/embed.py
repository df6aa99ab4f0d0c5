"""The story widget for partner sites: a small page made to live in an iframe on any site."""

from django.conf import settings
from django.template.response import TemplateResponse
from django.utils import translation
from django.views.decorators.clickjacking import xframe_options_exempt
from django.views.decorators.http import require_safe

from .choice import LANGUAGES, ChoiceError, StoryChoice


@xframe_options_exempt
@require_safe
def stories(request):
    """`/embed/stories/?lang=lv&country=SE&theme=…&limit=…`"""
    try:
        choice = StoryChoice.from_query(request.GET, default_limit=3)
    except ChoiceError as error:
        # Still a page that fits the frame: the partner's readers get a plain sentence in
        # the page's language, the partner's developer the parameter to mend.
        language = request.GET.get("lang")
        language = language if language in LANGUAGES else settings.LANGUAGE_CODE
        context = {"error": str(error), "language": language}
        status = 400
    else:
        language = choice.language
        context = {
            "choice": choice,
            "stories": list(choice.chosen()),
            "language": language,
        }
        status = 200
    with translation.override(language):
        response = TemplateResponse(request, "stories/embed.html", context, status=status)
        response.render()
    response.embeddable = True
    response["Cache-Control"] = "public, max-age=600"
    return response
