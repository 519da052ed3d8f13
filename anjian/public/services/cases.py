"""The register of typical enforcement cases (高府发〔2023〕14号 三（二）3: 在政务网站或主流媒体分期分批公布安全生产典型执法
案例（含危险作业罪）): a case marked typical is drafted into a publication — its facts, legal basis and outcome written
from the record with every personal name and number the service knows of masked —, edited, then published by the
county office of its county after review by someone who did not write it; withdrawn with a reason.

Refusals: PermissionDenied (role, jurisdiction, another county), rules.Refused (400, by field, saying why)."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from anjian.inspections.choices import ActionKind, DocumentKind, PenaltyTarget
from anjian.inspections.models import EnforcementAction
from anjian.org.areas import county_of
from anjian.org.jurisdiction import within
from anjian.people.models import Person

from .. import rules
from ..choices import CaseState
from ..masking import Secrets, leaks, mask, mask_names, masked_pairs
from ..models import CasePublication
from ..rules import Refused
from .common import LIMITS, clean_texts, raise_if

__all__ = ["draft", "edit", "mask_names", "publish", "secrets_of", "withdraw"]

TEXTS = ("title", "facts", "basis", "outcome")
# The Criminal Law's article on 危险作业罪 (中华人民共和国刑法修正案（十一）, 2021): the basis of every such referral.
DANGEROUS_OPERATION_BASIS = "《中华人民共和国刑法》第一百三十四条之一"
# The document whose legal basis and decision the draft takes, the first the case has of these (a notice of intended
# penalty, a visit record or a review opinion decides nothing).
DECISIVE = (
    DocumentKind.PENALTY_DECISION,
    DocumentKind.SUSPENSION_ORDER,
    DocumentKind.REFERRAL_LETTER,
    DocumentKind.ON_SITE_MEASURE,
    DocumentKind.RECTIFICATION_ORDER,
)


def secrets_of(action: EnforcementAction) -> Secrets:
    """Whose names and phones the case holds: the unit's principal, liaison leader and responsible cadre, its
    registered people, whoever recorded the case, the visit's inspectors, experts, representative and signers, the
    documents' issuers. What stays: the unit's name and credit code, the names of the places and the offices."""
    unit, visit = action.unit, action.inspection
    names = [unit.principal, unit.liaison_leader, unit.responsible_cadre]
    phones = [unit.principal_phone, unit.liaison_leader_phone, unit.responsible_cadre_phone]
    names += Person.objects.filter(enterprise=unit).values_list("name", flat=True)
    users = [action.created_by]
    users += [d.issued_by for d in action.documents.select_related("issued_by")]
    if visit is not None:
        users += list(visit.inspectors.all())
        names += [visit.experts, visit.unit_representative]
        names += visit.signatures.values_list("signer_name", flat=True)
    names += [u.full_name for u in users]
    phones += [u.phone for u in users]
    places = [r for r in (action.region, action.town, *action.region.ancestors()) if r is not None]
    keep = [unit.name, unit.credit_code or "", *(r.name for r in places), *(r.government_name for r in places)]
    if action.department is not None:
        keep += [action.department.name, action.department.short_name]
    return Secrets(tuple(n for n in names if n), tuple(p for p in phones if p), tuple(k for k in keep if k))


def _authority(action: EnforcementAction) -> str:
    if action.department is not None:
        return action.department.name
    if action.town is not None:
        return action.town.government_name or action.town.name
    return _("the enforcement authority")


def _wan(amount: Decimal | None) -> str:
    return f"{amount.normalize():f}" if amount is not None else "0"


def _outcome(action: EnforcementAction) -> str:
    kind = ActionKind(action.kind)
    if kind == ActionKind.PENALTY:
        parts = {
            PenaltyTarget.UNIT: _("An administrative penalty: the unit fined %(unit)s (10,000 yuan)."),
            PenaltyTarget.PRINCIPAL: _("An administrative penalty: its principal fined %(principal)s (10,000 yuan)."),
            PenaltyTarget.BOTH: _(
                "Both punished (一案双罚): the unit fined %(unit)s and its principal %(principal)s (10,000 yuan)."
            ),
        }
        text = parts.get(action.target, parts[PenaltyTarget.UNIT])
        return text % {"unit": _wan(action.unit_amount_wan), "principal": _wan(action.principal_amount_wan)}
    if kind == ActionKind.JUDICIAL_REFERRAL:
        if action.dangerous_operation_crime:
            return _("Suspected of the crime of dangerous operation (危险作业罪): %(people)d referred to the judicial "
                     "organs for criminal liability.") % {"people": action.referred_people}  # fmt: skip
        return _("%(people)d referred to the judicial organs.") % {"people": action.referred_people}
    return f"{kind.label}。"


def drafted_texts(action: EnforcementAction, secrets: Secrets) -> dict[str, str]:
    """The publication's first text, from the record, masked; in the site's language (the public register's), whatever
    the language of the person drafting."""
    with translation.override(settings.LANGUAGE_CODE):
        return _drafted(action, secrets)


def _drafted(action: EnforcementAction, secrets: Secrets) -> dict[str, str]:
    place = action.region.town() or action.region
    facts = _("On %(day)s, %(authority)s found at %(unit)s (%(place)s): %(facts)s") % {
        "day": date_format(action.decided_on, "DATE_FORMAT"),
        "authority": _authority(action),
        "unit": action.unit.name,
        "place": place.name,
        "facts": action.description,
    }
    decisive = {d.kind: d.decision.strip() for d in action.documents.all() if d.decision.strip()}
    basis = next((decisive[k] for k in DECISIVE if k in decisive), "")
    basis = basis or (DANGEROUS_OPERATION_BASIS if action.dangerous_operation_crime else "")
    if action.dangerous_operation_crime:
        title = _("%(unit)s: suspected crime of dangerous operation") % {"unit": action.unit.name}
    else:
        title = _("%(unit)s: %(kind)s") % {"unit": action.unit.name, "kind": ActionKind(action.kind).label}
    texts = {"title": title, "facts": facts, "basis": basis, "outcome": _outcome(action)}
    return {name: mask(text, secrets)[: LIMITS[name]] for name, text in texts.items()}


def _action(user, action: EnforcementAction) -> EnforcementAction:
    rules.check_case_drafter(user)
    action = (
        EnforcementAction.objects.select_related("unit", "region", "town", "department", "inspection", "created_by")
        .filter(pk=action.pk)
        .first()
    )
    if action is None or not within(user, action):
        raise PermissionDenied(_("This case is outside your jurisdiction."))
    return action


@transaction.atomic
def draft(user, action: EnforcementAction, **values: str) -> CasePublication:
    """起草公示: the publication of a case marked typical, its text written from the record (or the `values` given,
    title, facts, basis, outcome), names masked; `masked` on the answer as for `edit`."""
    action = _action(user, action)
    if not action.typical:
        raise Refused({"action": _("Only a case marked typical is published in the register.")})
    if CasePublication.objects.filter(action=action).exists():
        raise Refused({"action": _("This case already has its publication: edit that one.")})
    county = county_of(action.region)
    if county is None:
        raise Refused({"action": _("The case lies in no county.")})
    secrets = secrets_of(action)
    publication = CasePublication(action=action, county=county, drafted_by=user, **drafted_texts(action, secrets))
    masked = _apply(publication, values, secrets) if values else []
    publication.save()
    publication.masked = masked  # type: ignore[attr-defined]
    return publication


def _apply(publication: CasePublication, values: dict, secrets: Secrets) -> list[tuple[str, str]]:
    """The texts typed (those not given stay), checked by field and masked; the (name, as masked) masked."""
    unknown = set(values) - set(TEXTS)
    if unknown:
        raise Refused({name: [_("Unknown field.")] for name in sorted(unknown)})
    errors: dict = {}
    texts = clean_texts({n: values.get(n, getattr(publication, n)) for n in TEXTS}, errors, *TEXTS)
    for name in ("title", "facts"):
        if name not in errors and not texts[name]:
            errors[name] = [_("This field is required.")]
    raise_if(errors, Refused)
    masked = []
    for name, text in texts.items():
        masked += masked_pairs(text, secrets)
        setattr(publication, name, mask(text, secrets))  # as long as it was: a mask is never longer
    return list(dict.fromkeys(masked))


def _locked(user, publication: CasePublication, step: str) -> CasePublication:
    publication = CasePublication.objects.select_for_update().get(pk=publication.pk)
    if not within(user, publication):
        raise PermissionDenied(_("This case is outside your jurisdiction."))
    rules.check_case_state(publication, step)
    return publication


@transaction.atomic
def edit(user, publication: CasePublication, **values: str) -> CasePublication:
    """Change the texts of a draft (a withdrawn publication becomes a draft again). What the service knows of names
    and numbers is masked in what was typed; `masked` on the answer lists the (name, as masked) it masked."""
    rules.check_case_drafter(user)
    publication = _locked(user, publication, "edit")
    masked = _apply(publication, values, secrets_of(publication.action))
    publication.edited_by, publication.edited_at = user, timezone.now()
    if publication.state == CaseState.WITHDRAWN:
        publication.state, publication.published_by, publication.published_at = CaseState.DRAFT, None, None
    publication.save()
    publication.masked = masked  # type: ignore[attr-defined]
    return publication


@transaction.atomic
def publish(user, publication: CasePublication) -> CasePublication:
    """The county office's review: by someone other than its authors, refused while a text still shows a personal
    name or number the service knows of, or lacks the facts, the legal basis or the outcome."""
    rules.check_case_office(user, publication)
    publication = _locked(user, publication, "publish")
    if user.pk in rules.authors(publication):
        raise Refused(_("A case is published by someone of the county office other than the person who wrote it."))
    errors: dict = {}
    secrets = secrets_of(publication.action)
    for name in TEXTS:
        text = getattr(publication, name)
        if not text.strip():
            errors[name] = [_("Write this part before publishing.")]
        elif found := leaks(text, secrets):
            errors[name] = [_("Still shows %(found)s: mask it before publishing.") % {"found": "、".join(found)}]
    raise_if(errors, Refused)
    publication.state, publication.published_by, publication.published_at = CaseState.PUBLISHED, user, timezone.now()
    publication.save(update_fields=["state", "published_by", "published_at"])
    return publication


@transaction.atomic
def withdraw(user, publication: CasePublication, reason: str) -> CasePublication:
    """Taken off the public register at once, with the reason (kept, not shown to the public)."""
    rules.check_case_office(user, publication)
    publication = _locked(user, publication, "withdraw")
    errors: dict = {}
    texts = clean_texts({"reason": reason}, errors, "reason")
    if not errors and not texts["reason"]:
        errors["reason"] = [_("Give the reason for withdrawing the case.")]
    raise_if(errors, Refused)
    publication.state, publication.withdrawn_by, publication.withdrawn_at = CaseState.WITHDRAWN, user, timezone.now()
    publication.withdrawal_reason = texts["reason"]
    publication.save(update_fields=["state", "withdrawn_by", "withdrawn_at", "withdrawal_reason"])
    return publication
