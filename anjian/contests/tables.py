"""The lists of the contest pages: the question bank (answers shown to its keepers only) and the rounds."""

from __future__ import annotations

import django_tables2 as tables
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from .models import Question, Round

TABLE_ATTRS = {"class": "table table-hover table-sm align-middle mb-0"}


class QuestionTable(tables.Table):
    text = tables.Column(verbose_name=_("Question"), attrs={"td": {"class": "text-wrap"}})
    kind = tables.Column(verbose_name=_("Kind"))
    answer = tables.Column(verbose_name=_("Answer"), orderable=False)
    topic = tables.Column(verbose_name=_("Topic"))
    sector = tables.Column(verbose_name=_("Sector"), default=_("Every sector"), order_by=("sector__code",))
    basis = tables.Column(verbose_name=_("Basis"), orderable=False)
    active = tables.TemplateColumn(template_name="contests/_question_state.html", verbose_name=_("In use"),
                                   orderable=False)  # fmt: skip

    class Meta:
        model = Question
        fields = ("text", "kind", "answer", "topic", "sector", "basis", "active")
        attrs = TABLE_ATTRS
        empty_text = _("No question yet.")

    def render_text(self, record: Question, value: str):
        demo = (
            format_html(' <span class="badge text-bg-secondary">{}</span>', _("demo content")) if record.is_demo else ""
        )
        options = "　".join(f"{letter}. {text}" for letter, text in record.lettered())
        return format_html('{}{}<div class="small text-body-secondary">{}</div>', value, demo, options)


class RoundTable(tables.Table):
    title = tables.LinkColumn("contests:round", args=[tables.A("pk")], verbose_name=_("Title"))
    region = tables.Column(verbose_name=_("Organised by"))
    status = tables.Column(verbose_name=pgettext_lazy("contest round", "Status"))
    opens_on = tables.Column(verbose_name=_("First day"))
    closes_on = tables.Column(verbose_name=_("Last day"))
    question_count = tables.Column(verbose_name=_("Questions"))
    is_public = tables.BooleanColumn(verbose_name=_("Public"))

    class Meta:
        model = Round
        fields = ("title", "region", "status", "opens_on", "closes_on", "question_count", "is_public")
        attrs = TABLE_ATTRS
        empty_text = _("No round yet.")
