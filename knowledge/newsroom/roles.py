"""The admin's roles, as groups with Latvian and English names, made and kept up to date by
`manage.py setup_roles` (which `make run` runs after loading the content).

* «Redaktori / Editors»: every page in both languages (add, edit, publish, lock, unlock), every
  knowledge snippet and theme, images, documents, translations; lifting a sign-in lock-out.
* «Tulkotāji / Translators»: edit and publish the English tree only, and wagtail-localize's
  translations. No snippet rights: Wagtail's snippet permissions are per model, not per
  language, so «edit snippets» would be «edit the Latvian ones too».
* «Moderatori / Moderators»: review (the content review task, see workflow.py), edit and
  publish in both languages: pages, and the knowledge snippets (a snippet under review in a
  workflow is theirs to open, change, publish or send back), but not add or delete them.
* «VRG partneris: <LAG> / LAG partner: <LAG>», one per Local Action Group: «add» on the
  Latvian story index only (Wagtail lets a page's owner edit it, nobody else's), never
  «publish»; their stories go through the content review. Upload and choose images.

A role's rights are what this module says: `setup_roles` puts back what was changed in the
admin (a different set of rights is a group of its own). Wagtail's default «Editors» and
«Moderators» become the first and third role.
"""

from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Q
from wagtail.models import Collection, GroupPagePermission, Locale
from wagtail.models.media import GroupCollectionPermission

from knowledge.core.models import HomePage
from knowledge.guide.snippets import (
    Challenge,
    Criterion,
    GlossaryTerm,
    SmartActivity,
    Source,
    Stakeholder,
)
from knowledge.practices.models import LocalActionGroup
from knowledge.stories.index import StoryIndexPage
from knowledge.stories.models import GoodPracticeStory
from knowledge.stories.themes import Theme

from .models import LagPartnerGroup

EDITORS = "Redaktori / Editors"
TRANSLATORS = "Tulkotāji / Translators"
MODERATORS = "Moderatori / Moderators"
PARTNER_NAME = "VRG partneris: {lv} / LAG partner: {en}"
# Wagtail's own default groups, renamed into the roles they were the start of.
FORMER_NAMES = {EDITORS: "Editors", MODERATORS: "Moderators"}

# The knowledge snippets readers see: with drafts, history and review (core/snippets.py).
KNOWLEDGE_SNIPPETS = (
    Challenge,
    Criterion,
    GlossaryTerm,
    SmartActivity,
    Stakeholder,
    LocalActionGroup,
    Source,
)
SNIPPETS = (*KNOWLEDGE_SNIPPETS, Theme)
ACCESS_ADMIN = "wagtailadmin.access_admin"
TRANSLATE = "wagtail_localize.submit_translation"
UNLOCK_SIGN_IN = "axes.delete_accessattempt"  # lift a sign-in lock-out (core/admin_lockouts.py)


@dataclass
class Role:
    name: str
    permissions: tuple = ()  # "app_label.codename"
    snippets: tuple = ()  # models whose permissions the role has
    snippet_actions: tuple = ()  # which ones ("change", "publish", …); none named: all
    pages: dict = field(default_factory=dict)  # where → page actions ("add", "change", …)
    images: tuple = ()
    documents: tuple = ()


ROLES = {
    "editor": Role(
        EDITORS,
        permissions=(ACCESS_ADMIN, TRANSLATE, UNLOCK_SIGN_IN),
        snippets=SNIPPETS,
        pages={"lv": ("add", "change", "publish", "lock", "unlock"), "en": ()},
        images=("add", "change", "delete", "choose"),
        documents=("add", "change", "delete", "choose"),
    ),
    "translator": Role(
        TRANSLATORS,
        permissions=(ACCESS_ADMIN, TRANSLATE),
        pages={"en": ("change", "publish")},
        images=("choose",),
        documents=("choose",),
    ),
    "moderator": Role(
        MODERATORS,
        permissions=(ACCESS_ADMIN,),
        snippets=KNOWLEDGE_SNIPPETS,
        snippet_actions=("view", "change", "publish", "lock", "unlock"),
        pages={"lv": ("change", "publish", "lock", "unlock"), "en": ()},
        images=("choose",),
        documents=("choose",),
    ),
    "partner": Role(
        PARTNER_NAME,
        permissions=(ACCESS_ADMIN,),
        pages={"stories": ("add",)},
        images=("add", "choose"),
    ),
}
# "en": () above means "as in Latvian": editors and moderators work in both trees alike.
for _role in ROLES.values():
    if _role.pages.get("en") == ():
        _role.pages["en"] = _role.pages["lv"]


def language_homes():
    """The home page of each language tree, by language code."""
    return {
        home.locale.language_code: home
        for home in HomePage.objects.filter(depth=2).select_related("locale")
    }


def latvian_story_index():
    return StoryIndexPage.objects.filter(locale__language_code=settings.LANGUAGE_CODE).first()


def _permission(label):
    app_label, codename = label.split(".")
    return Permission.objects.get(content_type__app_label=app_label, codename=codename)


def _sync_page_permissions(group, wanted):
    """`wanted`: {(page id, permission id)}; the group's page permissions become exactly these."""
    have = {
        (gpp.page_id, gpp.permission_id): gpp.pk
        for gpp in GroupPagePermission.objects.filter(group=group)
    }
    GroupPagePermission.objects.filter(
        pk__in=[pk for key, pk in have.items() if key not in wanted]
    ).delete()
    GroupPagePermission.objects.bulk_create(
        GroupPagePermission(group=group, page_id=page_id, permission_id=permission_id)
        for page_id, permission_id in wanted - set(have)
    )


def _sync_collection_permissions(group, wanted):
    have = {
        (gcp.collection_id, gcp.permission_id): gcp.pk
        for gcp in GroupCollectionPermission.objects.filter(group=group)
    }
    GroupCollectionPermission.objects.filter(
        pk__in=[pk for key, pk in have.items() if key not in wanted]
    ).delete()
    GroupCollectionPermission.objects.bulk_create(
        GroupCollectionPermission(group=group, collection_id=col, permission_id=perm)
        for col, perm in wanted - set(have)
    )


def apply_role(group, role, places):
    """Give `group` exactly the rights of `role`; `places` maps the role's page keys to pages."""
    permissions = [_permission(label) for label in role.permissions]
    for model in role.snippets:
        found = Permission.objects.filter(content_type=ContentType.objects.get_for_model(model))
        if role.snippet_actions:
            name = model._meta.model_name
            found = found.filter(codename__in=[f"{a}_{name}" for a in role.snippet_actions])
        permissions += found
    group.permissions.set(permissions)

    page_permission = {
        action: _permission(f"wagtailcore.{action}_page")
        for actions in role.pages.values()
        for action in actions
    }
    _sync_page_permissions(
        group,
        {
            (places[where].pk, page_permission[action].pk)
            for where, actions in role.pages.items()
            if places.get(where) is not None
            for action in actions
        },
    )

    root = Collection.get_first_root_node()
    wanted = set()
    for app_label, model, actions in (
        ("wagtailimages", "image", role.images),
        ("wagtaildocs", "document", role.documents),
    ):
        for action in actions:
            wanted.add((root.pk, _permission(f"{app_label}.{action}_{model}").pk))
    _sync_collection_permissions(group, wanted)


def _named_group(name, former=None):
    group = Group.objects.filter(name=name).first()
    if group is None and former:
        group = Group.objects.filter(name=former).first()
        if group is not None:
            group.name = name
            group.save(update_fields=["name"])
    return group or Group.objects.create(name=name)


def partner_group_name(lag):
    """«VRG partneris: <Latvian name> / LAG partner: <English name>» (the Latvian name when
    the LAG has no English version)."""
    english = Locale.objects.filter(language_code="en").first()
    translation = lag.get_translation_or_none(english) if english else None
    name = PARTNER_NAME.format(lv=lag.name, en=(translation or lag).name)
    return name[: Group._meta.get_field("name").max_length]


@transaction.atomic
def setup_roles():
    """Make or update every role's group; return {role key or LAG slug: group}."""
    homes = language_homes()
    places = {"lv": homes.get("lv"), "en": homes.get("en"), "stories": latvian_story_index()}
    groups = {}
    for key, role in ROLES.items():
        if key == "partner":
            continue
        group = _named_group(role.name, FORMER_NAMES.get(role.name))
        apply_role(group, role, places)
        groups[key] = group

    partner = ROLES["partner"]
    lags = LocalActionGroup.objects.filter(locale__language_code=settings.LANGUAGE_CODE)
    for lag in lags.order_by("name"):
        link = LagPartnerGroup.objects.filter(lag=lag).select_related("group").first()
        name = partner_group_name(lag)
        if link is None:
            group = _named_group(name)
            LagPartnerGroup.objects.update_or_create(group=group, defaults={"lag": lag})
        else:
            group = link.group
            if group.name != name:
                group.name = name
                group.save(update_fields=["name"])
        apply_role(group, partner, places)
        groups[lag.slug] = group
    return groups


def partner_lags(user):
    """The (Latvian) LAGs whose partner groups `user` belongs to."""
    if not user.is_authenticated:
        return LocalActionGroup.objects.none()
    return LocalActionGroup.objects.filter(partner_groups__group__user=user).distinct()


def is_partner_only(user):
    """A LAG partner and nothing more: no editor's or moderator's rights to see drafts with."""
    if not user.is_authenticated or user.is_superuser:
        return False
    groups = user.groups.all()
    return (
        groups.filter(lag_partnership__isnull=False).exists()
        and not groups.filter(
            lag_partnership__isnull=True,
            page_permissions__permission__codename__in=("change_page", "publish_page"),
        ).exists()
    )


def drafts_hidden_from(user):
    """The stories a LAG partner does not see in the admin's page lists: those that are not
    live and are neither the partner's own nor of the partner's LAG."""
    if not is_partner_only(user):
        return None
    keys = list(partner_lags(user).values_list("translation_key", flat=True))
    return (
        GoodPracticeStory.objects.filter(live=False)
        .exclude(owner=user)
        .exclude(Q(lag__translation_key__in=keys))
        .values("pk")
    )
