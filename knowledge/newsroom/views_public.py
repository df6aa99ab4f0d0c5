"""What the page "Tell us your story" does with a request: shows the form, or takes a story and
answers with the confirmation. A mistake keeps everything typed; a rejected attempt says why in
plain words; a failure after the story is stored still thanks the sender (the editors finish
by hand). The answer is never kept by a shared cache or the offline copy (`private,
no-store`), and never compressed, as it holds the CSRF token (knowledge/core/middleware.py)."""

import logging

from django.db import DatabaseError
from django.template.response import TemplateResponse
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _

from . import antispam
from .forms_public import StorySubmissionForm
from .submissions import receive

logger = logging.getLogger(__name__)

FORM_TEMPLATE = "newsroom/story_submission_page.html"
SENT_TEMPLATE = "newsroom/story_submission_sent.html"


def _respond(page, request, template, status=200, **extra):
    context = page.get_context(request)
    context.update(extra)
    response = TemplateResponse(request, template, context, status=status)
    patch_cache_control(response, private=True, no_store=True, max_age=0)
    return response


def serve(page, request):
    # POST is checked by Django's CSRF middleware: Wagtail's page view is not exempt.
    if request.method != "POST":
        return _respond(page, request, FORM_TEMPLATE, form=StorySubmissionForm())
    form = StorySubmissionForm(request.POST)
    if antispam.over_limit(request):
        form.is_valid()
        form.ready_to_resend()
        return _respond(
            page,
            request,
            FORM_TEMPLATE,
            status=429,
            form=form,
            form_problem=_(
                "Several stories have come from your connection in the last hour. Please try "
                "again later: what you wrote is kept below."
            ),
        )
    if not form.is_valid():
        if form.spam_verdict():
            antispam.count(request)
            form.ready_to_resend()
        return _respond(page, request, FORM_TEMPLATE, status=400, form=form)
    privacy = page.localized_privacy_page()
    try:
        submission, duplicate = receive(
            form.cleaned_data,
            language=page.locale.language_code,
            privacy_url=privacy.get_full_url(request) if privacy else "",
            near=page,
        )
    except DatabaseError:
        logger.exception("a story from the public form could not be stored")
        return _respond(
            page,
            request,
            FORM_TEMPLATE,
            status=503,
            form=form,
            form_problem=_(
                "We could not save your story just now. What you wrote is kept below: please "
                "try again in a few minutes."
            ),
        )
    if not duplicate:
        antispam.count(request)
    return _respond(
        page,
        request,
        SENT_TEMPLATE,
        submission=submission,
        duplicate=duplicate,
        stored_without_draft=submission.status == submission.FAILED,
    )
