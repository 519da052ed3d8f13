"""The question bank's pages: the list (its keepers and the county's leaders only: it holds the answers), a
question added by hand, retired or brought back, and the Excel import with its template and row-by-row report."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from anjian.core.generic import RestrictedListView
from anjian.org.choices import COUNTY_WIDE_ROLES
from anjian.org.jurisdiction import roles

from .. import access, bank, exports, importer
from ..filtersets import QuestionFilterSet
from ..forms import ImportForm, QuestionForm
from ..models import Question
from ..tables import QuestionTable
from .common import add_errors, xlsx_download


def may_read_bank(user) -> bool:
    return access.may_organise(user) or bool(roles(user) & {str(r) for r in COUNTY_WIDE_ROLES})


class QuestionListView(RestrictedListView):
    model = Question
    filterset_class = QuestionFilterSet
    table_class = QuestionTable
    template_name = "contests/questions.html"
    partial_template_name = "contests/_questions_table.html"
    title = gettext_lazy("Question bank")

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not may_read_bank(request.user):
            raise PermissionDenied(_("The question bank is kept by the county office and the towns."))
        return super().dispatch(request, *args, **kwargs)

    def base_queryset(self) -> QuerySet:
        return Question.objects.select_related("sector")

    def prepare_filter_form(self, form) -> None:
        every = _("All")
        for name, field in form.fields.items():
            if name in ("active", "is_demo"):
                field.widget.choices = [("unknown", every), ("true", _("Yes")), ("false", _("No"))]
            elif hasattr(field, "choices") and name != "sector":
                field.widget.choices = [("", every), *[c for c in field.choices if c[0] != ""]]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(title=self.title, may_organise=access.may_organise(self.request.user))
        return context


@login_required
def question_new(request):
    access.check_organise(request.user)
    form = QuestionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            saved = bank.add_question(request.user, **form.service_values())
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("The question is added to the bank: %(text)s") % {"text": saved.text[:30]})
            return redirect("contests:questions")
    status = 400 if form.errors else 200
    return render(request, "contests/question_form.html", {"form": form}, status=status)


@login_required
@require_POST
def question_active(request, pk: int):
    question = get_object_or_404(access.managed_questions(request.user), pk=pk)
    bank.set_active(request.user, question, request.POST.get("active") == "1")
    if question.active:
        messages.success(request, _("The question is drawn again."))
    else:
        messages.success(request, _("The question is retired: it is no longer drawn."))
    return redirect(request.POST.get("next") if str(request.POST.get("next", "")).startswith("/contests/")
                    else "contests:questions")  # fmt: skip


@login_required
def import_questions(request):
    """Upload an xlsx; every row is imported or reported with its row number, column and reason."""
    access.check_organise(request.user)
    result = None
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            result = importer.import_questions(form.cleaned_data["file"], request.user)
        except importer.ImportFileError as exc:
            form.add_error("file", str(exc))
        else:
            level = messages.WARNING if result.errors else messages.SUCCESS
            messages.add_message(request, level, _("Import finished: %(created)d questions added, %(failed)d rows "
                                                   "refused.") % {"created": result.created, "failed": result.failed_rows})  # fmt: skip
    status = 400 if form.errors else 200
    return render(request, "contests/import.html", {"form": form, "result": result}, status=status)


@login_required
@require_GET
def import_template(request):
    return xlsx_download(exports.template_xlsx(), "安康杯知识竞赛题库导入模板")
