"""StreamField blocks shared by the knowledge pages."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.images.blocks import ImageBlock
from wagtail.snippets.blocks import SnippetChooserBlock

RICH_TEXT_FEATURES = ["h3", "bold", "italic", "link", "ol", "ul"]


class HeadingBlock(blocks.CharBlock):
    class Meta:
        icon = "title"
        template = "blocks/heading.html"
        label = _("Heading")
        form_classname = "title"


class QuoteBlock(blocks.StructBlock):
    text = blocks.TextBlock(label=_("Quotation"))
    attribution = blocks.CharBlock(required=False, label=_("Attribution"))

    class Meta:
        icon = "openquote"
        template = "blocks/quote.html"
        label = _("Quotation")
        preview_value = {"text": "Viedie ciemi ir kopienas lauku apvidos…", "attribution": "EK"}
        description = _("A quotation set apart from the text, with its source.")


class BodyBlock(blocks.StreamBlock):
    heading = HeadingBlock()
    paragraph = blocks.RichTextBlock(
        features=RICH_TEXT_FEATURES,
        icon="pilcrow",
        label=_("Text"),
        template="blocks/paragraph.html",
    )
    quote = QuoteBlock()
    image = ImageBlock(
        label=_("Image"),
        template="blocks/image.html",
        description=_("A picture with alternative text for readers who cannot see it."),
    )


class SourceReferenceBlock(blocks.StructBlock):
    source = SnippetChooserBlock("knowledge.Source", label=_("Source"))
    locator = blocks.CharBlock(
        required=False,
        label=_("Where in the source"),
        help_text=_("For example a page, a slide or a table."),
    )

    class Meta:
        icon = "doc-full"
        label = _("Source")
        template = "blocks/source_reference.html"


class TitledTextBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Title"))
    text = blocks.TextBlock(label=_("Text"))

    class Meta:
        icon = "list-ul"
        template = "blocks/titled_text.html"


class KeyFigureBlock(blocks.StructBlock):
    value = blocks.CharBlock(label=_("Figure"), max_length=40)
    label = blocks.CharBlock(label=_("What it counts"))

    class Meta:
        icon = "table"
        template = "blocks/key_figure.html"
        label = _("Key figure")
        preview_value = {"value": "27/40", "label": "VRG izmanto viedo ciemu pieeju"}


class ToolBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Title"))
    description = blocks.TextBlock(required=False, label=_("Description"))
    document = DocumentChooserBlock(required=False, label=_("Template to download"))
    url = blocks.URLBlock(required=False, label=_("Outside address"))

    class Meta:
        icon = "download"
        template = "blocks/tool.html"
        label = _("Tool or template")


class SolutionBlock(blocks.StructBlock):
    kind = blocks.ChoiceBlock(
        choices=[("digital", _("Digital")), ("social", _("Social"))], label=_("Kind")
    )
    text = blocks.CharBlock(label=_("Solution"))

    class Meta:
        icon = "tick"
        label = _("Solution")
