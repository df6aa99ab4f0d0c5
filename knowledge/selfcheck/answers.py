"""The self-check's answers: read from the address only (nothing is stored), checked, scored
per criterion, and drawn as a radar chart.

A point's answer is `p<criterion number>-<point number>=<answer>`, e.g. `p2-1=partly`; the
names and values are the same in both languages, so a shared link opens the same answers in
either. The reader's LAG is `lag=<the LAG's slug>`."""

import math
from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

# The answer, its label and its share of a point: "yes" scores the point fully, "partly"
# half; "not yet" and "don't know" nothing (what nobody knows is not yet done together).
ANSWERS = {
    "yes": (_("Yes"), 1.0),
    "partly": (_("Partly"), 0.5),
    "not-yet": (_("Not yet"), 0.0),
    "unknown": (_("Don't know"), 0.0),
}
LAG_PARAMETER = "lag"
PLAN_SIZE = 3


def parameter_name(criterion, index):
    return f"p{criterion.number}-{index + 1}"


@dataclass
class Question:
    name: str
    text: str
    answer: str = ""
    missing: bool = False


@dataclass
class CriterionResult:
    criterion: object
    questions: list = field(default_factory=list)

    def count(self, answer):
        return sum(1 for question in self.questions if question.answer == answer)

    @property
    def counts(self):
        return [self.count(answer) for answer in ANSWERS]

    @property
    def score(self):
        """The share of the criterion's points the community has, 0–100."""
        if not self.questions:
            return 100
        earned = sum(ANSWERS[q.answer][1] for q in self.questions if q.answer in ANSWERS)
        return round(100 * earned / len(self.questions))


@dataclass
class Answers:
    """The questions with what the address says; `state` is "empty" (nothing answered yet),
    "incomplete" (some points unanswered), "tampered" (a value no form gives) or "complete"."""

    results: list
    state: str
    lag: object = None

    @property
    def complete(self):
        return self.state == "complete"

    def weakest(self):
        """The criteria with the lowest scores, up to three, leaving out full ones."""
        ranked = sorted(self.results, key=lambda result: (result.score, result.criterion.number))
        return [result for result in ranked if result.score < 100][:PLAN_SIZE]


def read_answers(query, criteria, lags):
    """Check the address's answers against the criteria's points and the LAGs (by slug)."""
    results = [
        CriterionResult(
            criterion,
            [
                Question(parameter_name(criterion, index), point.value)
                for index, point in enumerate(criterion.points)
            ],
        )
        for criterion in criteria
    ]
    questions = [question for result in results for question in result.questions]
    given = [question for question in questions if question.name in query]
    lag_slug = query.get(LAG_PARAMETER, "")
    lag = next((lag for lag in lags if lag.slug == lag_slug), None)
    tampered = (lag_slug and lag is None) or any(
        query.getlist(question.name) != [query.get(question.name)]
        or query.get(question.name) not in ANSWERS
        for question in given
    )
    if tampered:
        return Answers(results, "tampered")
    for question in given:
        question.answer = query[question.name]
    if not given:
        return Answers(results, "empty", lag)
    for question in questions:
        question.missing = not question.answer
    state = "incomplete" if any(question.missing for question in questions) else "complete"
    return Answers(results, state, lag)


# The radar chart -----------------------------------------------------------------------------
SIZE = 320
CENTRE = SIZE / 2
RADIUS = 110
RINGS = (25, 50, 75, 100)


def _point(index, total, percent, extra=0):
    """x and y as text: a template would write a number with the reader's decimal comma."""
    angle = 2 * math.pi * index / total - math.pi / 2
    distance = RADIUS * percent / 100 + extra
    return (
        f"{CENTRE + distance * math.cos(angle):.1f}",
        f"{CENTRE + distance * math.sin(angle):.1f}",
    )


def _polygon(points):
    return " ".join(f"{x},{y}" for x, y in points)


def radar(results):
    """The geometry of the radar chart (the template draws it): a ring per quarter, a spoke
    and a numbered label per criterion, and the polygon of the scores."""
    total = len(results)
    if total < 3:
        return None
    return {
        "size": SIZE,
        "rings": [_polygon(_point(i, total, ring) for i in range(total)) for ring in RINGS],
        "spokes": [
            {
                "end": _point(i, total, 100),
                "label": _point(i, total, 100, extra=22),
                "result": result,
                "dot": _point(i, total, result.score),
            }
            for i, result in enumerate(results)
        ],
        "scores": _polygon(_point(i, total, result.score) for i, result in enumerate(results)),
        "centre": f"{CENTRE:.1f}",
    }
