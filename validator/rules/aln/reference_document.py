"""PPB-ALN-001: a map names the plan document it was drawn from, of the plan's period.

A Pemda-tier map (Level 0 of the whole Pemda) is drawn from the RPJMD; an OPD's maps from
that OPD's Renstra, which follows the RPJMD's period (Permendagri 86/2017). So
``ppb:dokumenAcuan`` of a map at the levels in ``levels`` equals the loaded RPJMD's id
(Pemda tier) or the id of its OPD's Renstra (OPD tier); a document of another period is
named as such; a Renstra of the plan whose own period differs from the RPJMD's, and a map
year (``ppb:tahun``) outside the period, are flagged too (the latter as a warning).
"""
import re

from ...catalog import set_rule
from ... import vocab
from ...planlinks import TIER_PEMDA
from ._common import file_info, list_param, periode_text

_YEARS = re.compile(r"(?<!\d)((?:19|20)\d{2})\D{1,3}((?:19|20)\d{2})(?!\d)")


@set_rule("PPB-ALN-001")
def check(mapset, ctx):
    plan = ctx.plan
    rpjmd = plan.rpjmd
    levels = {int(x) for x in list_param(ctx, "levels") if x.isdigit()}
    infos = file_info(mapset, plan)
    base = {"rpjmd": rpjmd.id, "periode": periode_text(rpjmd.periode)}
    for mf in mapset.files:
        model = mf.model
        if model is None:
            continue
        info = infos[mf.name]
        if info.level is None or info.level not in levels:
            continue
        doc = vocab.map_text(model, "dokumenAcuan")
        el = model.ext_holder("dokumenAcuan")
        if info.tier == TIER_PEMDA:
            expected, tingkat = rpjmd.id, "Pemda"
        elif info.opd is not None:
            own = plan.renstra_of(info.opd.singkatan) or plan.renstra_of(info.opd.kode)
            expected, tingkat = (own.id if own else None), f"OPD {info.opd.singkatan}"
        else:
            expected, tingkat = None, "OPD" if info.tier else ""
        params = dict(base, dokumen=doc, tingkat=tingkat, harapan=_wanted(expected, "id"),
                      expected=_wanted(expected, "en"))
        accepted = _judge(ctx, mf.name, el, doc, expected, info, plan, params)
        renstra = plan.renstra_by_id(doc) if accepted else None
        if renstra is not None and renstra.periode and renstra.periode != rpjmd.periode:
            ctx.report(mf.name, el, "periode_renstra", periode_renstra=periode_text(renstra.periode),
                       **params)
        _check_year(ctx, mf.name, model, rpjmd.periode, params)


def _judge(ctx, file, el, doc, expected, info, plan, params) -> bool:
    """Report what is wrong with ``doc``; True when it names an acceptable document."""
    rpjmd = plan.rpjmd
    if not doc:  # the attribute is our vocabulary (an inference): a warning, not an error
        ctx.report(file, el, "missing", severity="warning", **params)
        return False
    if expected is not None:
        if doc == expected:
            return True
        years = _years(doc)
        ctx.report(file, el, "periode" if years and years != rpjmd.periode else "mismatch", **params)
        return False
    if info.opd is not None:
        ctx.report(file, el, "renstra_absent", severity="warning", opd=info.opd.singkatan, **params)
        return False
    if plan.renstra_by_id(doc) is not None or (doc == rpjmd.id and info.tier is None):
        return True
    years = _years(doc)
    if years and years != rpjmd.periode:
        ctx.report(file, el, "periode", **params)
    elif doc == rpjmd.id:
        ctx.report(file, el, "opd_rpjmd", **params)
    else:
        ctx.report(file, el, "unknown", **params)
    return False


def _check_year(ctx, file, model, periode, params) -> None:
    raw = vocab.map_text(model, "tahun")
    if not re.fullmatch(r"\d{4}", raw):
        return
    if not periode[0] <= int(raw) <= periode[1]:
        ctx.report(file, model.ext_holder("tahun"), "tahun", severity="warning", tahun=raw, **params)


# ---------------------------------------------------------------------------

def _years(doc: str) -> tuple[int, int] | None:
    m = _YEARS.search(doc)
    return (int(m.group(1)), int(m.group(2))) if m else None


def _wanted(expected: str | None, lang: str) -> str:
    if expected:
        return f"'{expected}'"
    return "id RPJMD atau id Renstra OPD dari rencana" if lang == "id" else \
        "the id of the RPJMD or of the OPD's Renstra in the plan"
