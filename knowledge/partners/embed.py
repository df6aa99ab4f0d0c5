"""The story widget for partner sites: a small page made to live in an iframe on any site."""

from django.conf import settings
from django.template.response import TemplateResponse
from django.utils import translation
from django.views.decorators.clickjacking import xframe_options_exempt
from django.views.decorators.http import require_safe

from .stories import LANGUAGES, ChoiceError, StoryChoice


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
            "stories": list(choice.stories()[: choice.limit]),
            "language": language,
        }
        status = 200
    with translation.override(language):
        response = TemplateResponse(request, "embed/stories.html", context, status=status)
        response.render()
    response.embeddable = True
    response["Cache-Control"] = "public, max-age=600"
    return response


# Readers' pages load nothing but this site's own files: an editor's slip or a hostile link
# pasted into rich text cannot pull in or run anything else.
_OWN = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; frame-src 'self'; object-src 'none'; "
    "base-uri 'self'"
)
READER_POLICY = f"{_OWN}; form-action 'self'; frame-ancestors 'self'"
# The widget keeps its few styles inline (one request less in the partner's page) and may be
# framed anywhere; it has no forms.
WIDGET_POLICY = _OWN.replace("style-src 'self'", "style-src 'self' 'unsafe-inline'") + (
    "; form-action 'none'; frame-ancestors *"
)
# The admin runs Wagtail's own scripts and styles; it only must not be framed elsewhere.
FRAME_POLICY = "frame-ancestors 'self'"


class ContentSecurityPolicyMiddleware:
    """The Content-Security-Policy of every response: strict for readers' pages, the same plus
    inline styles and any framer for the widget, only the framing rule for the admin (its
    preview frames this site's pages), the API's browsable pages for developers (Django REST
    framework styles them inline) and anything that is not HTML."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if "Content-Security-Policy" in response:
            return response
        html = response.get("Content-Type", "").startswith("text/html")
        if getattr(response, "embeddable", False):
            response["Content-Security-Policy"] = WIDGET_POLICY
            response.cookies.clear()
        elif html and not request.path.startswith(("/admin/", "/api/")):
            response["Content-Security-Policy"] = READER_POLICY
        else:
            response["Content-Security-Policy"] = FRAME_POLICY
        return response
