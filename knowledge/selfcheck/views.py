"""How the self-check page answers a request: the form, and with complete answers the score
chart and the plan. Bad or tampered answers give the empty form with a message (400)."""

from urllib.parse import urlencode

from django.template.response import TemplateResponse

from knowledge.guide.snippets import Criterion
from knowledge.practices.models import LocalActionGroup

from .answers import ANSWERS, LAG_PARAMETER, radar, read_answers
from .plan import build_plan

# The LAGs a reader may pick: the self-check is for communities in Latvia.
LAG_COUNTRY = "LV"


def self_check_context(page, query):
    criteria = list(Criterion.objects.filter(locale_id=page.locale_id).order_by("number"))
    lags = list(
        LocalActionGroup.objects.filter(locale_id=page.locale_id, country=LAG_COUNTRY).order_by(
            "name"
        )
    )
    answers = read_answers(query, criteria, lags)
    context = {
        "answers": answers,
        "answer_choices": [(value, label) for value, (label, _share) in ANSWERS.items()],
        "lags": lags,
        "lag_parameter": LAG_PARAMETER,
    }
    if answers.complete:
        weakest = answers.weakest()
        parameters = [
            (question.name, question.answer)
            for result in answers.results
            for question in result.questions
        ]
        if answers.lag:
            parameters.append((LAG_PARAMETER, answers.lag.slug))
        context.update(
            chart=radar(answers.results),
            plan=build_plan(page, weakest),
            share_query=urlencode(parameters),
        )
    return context


def serve(page, request, *args, **kwargs):
    context = page.get_context(request, *args, **kwargs)
    context.update(self_check_context(page, request.GET))
    status = 400 if context["answers"].state == "tampered" else 200
    return TemplateResponse(request, page.get_template(request), context, status=status)
