"""The story widget for partner sites: a small page made to live in an iframe on any site."""

from django.http import HttpResponseBadRequest
from django.template.response import TemplateResponse
from django.utils import translation
from django.views.decorators.clickjacking import xframe_options_exempt
from django.views.decorators.http import require_safe

from .stories import ChoiceError, StoryChoice


@xframe_options_exempt
@require_safe
def stories(request):
    """`/embed/stories/?lang=lv&country=SE&theme=…&limit=…`"""
    try:
        choice = StoryChoice.from_query(request.GET, default_limit=3)
    except ChoiceError as error:
        response = HttpResponseBadRequest(str(error), content_type="text/plain; charset=utf-8")
    else:
        with translation.override(choice.language):
            response = TemplateResponse(
                request,
                "embed/stories.html",
                {
                    "choice": choice,
                    "stories": list(choice.stories()[: choice.limit]),
                    "language": choice.language,
                },
            )
            response.render()
    response.embeddable = True
    response["Cache-Control"] = "public, max-age=600"
    return response


class FramePolicyMiddleware:
    """Only the widget may be framed by other sites; everything else only by this site (the
    admin's preview needs that)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if getattr(response, "embeddable", False):
            response["Content-Security-Policy"] = "frame-ancestors *"
            response.cookies.clear()
        elif "Content-Security-Policy" not in response:
            response["Content-Security-Policy"] = "frame-ancestors 'self'"
        return response
