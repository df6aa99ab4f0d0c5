"""The review a partner's story goes through: «Satura pārskatīšana / Content review», one
task for the moderators, on the Latvian story index (so every story written there, by a
partner or from the public form, is reviewed before it is published).

Moderators approve (with or without a comment), request changes with a comment (the author
edits and resubmits; the review resumes) or reject (final: the request is closed and the story
stays a draft). A story with a go-live date is published on that date once approved (the
`publish_scheduled` command). Editors and moderators may still publish directly: they hold
«publish» on the pages; partners never do.
"""

from django.db import transaction
from wagtail.models import Task, Workflow, WorkflowPage, WorkflowTask

from .models import ContentReviewTask
from .roles import latvian_story_index

REVIEW = "Satura pārskatīšana / Content review"
# Wagtail's own default workflow (one task for the «Moderators» group, on the root page).
DEFAULT_NAMES = ("Moderators approval", "Moderatoru apstiprināšana / Moderators approval")


@transaction.atomic
def setup_workflow(moderators):
    """Make or update the content review and put it on the Latvian story index."""
    task = ContentReviewTask.objects.filter(name=REVIEW).first()
    if task is None:
        task = ContentReviewTask.objects.create(name=REVIEW, active=True)
    elif not task.active:
        task.active = True
        task.save(update_fields=["active"])
    task.groups.set([moderators])

    workflow = Workflow.objects.filter(name=REVIEW).first()
    if workflow is None:
        workflow = Workflow.objects.create(name=REVIEW, active=True)
    elif not workflow.active:
        workflow.active = True
        workflow.save(update_fields=["active"])
    WorkflowTask.objects.filter(workflow=workflow).exclude(task=task).delete()
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})

    index = latvian_story_index()
    if index is not None:
        WorkflowPage.objects.update_or_create(page=index, defaults={"workflow": workflow})

    # Wagtail's default workflow stays where it is (the root), under a name in both languages.
    for model in (Workflow, Task):
        model.objects.filter(name=DEFAULT_NAMES[0]).update(name=DEFAULT_NAMES[1])
    return workflow
