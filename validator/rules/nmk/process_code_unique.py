"""PPB-NMK-004: every process carries a code, and no two processes share one.

Codes tie the maps of a Pemda together: a Level 1 map names the Level 0 process
it details by its code, an SOP names its cross-functional map, reports list
processes by code. So each sub-process and call activity carries
``ppb:kode``, as does the process (pool) of the map types in
``process_map_types``; and a code means one process. Pools of external
stakeholders are left out. The same check over an uploaded set of maps reuses
``_codes.code_holders`` and ``_codes.duplicates``.
"""
from ...catalog import rule, set_rule
from ... import vocab
from ._codes import code_holders, duplicates
from ._common import applies, kind, list_param


@rule("PPB-NMK-004")
def check(model, ctx):
    if not applies(model, ctx):
        return
    wanted = {t.lower() for t in list_param(ctx, "process_map_types")}
    require_process = (vocab.map_type(model) or "").lower() in wanted
    holders = code_holders(model, list_param(ctx, "external_values"), require_process)
    for h in holders:
        if not h.kode:
            jenis, en = kind(h.scope)
            ctx.report(h.element, "missing", jenis=jenis, kind=en)
    for h, first in duplicates(holders):
        ctx.report(h.element, "duplicate", elements=[h.element, first.element], kode=h.kode,
                   lain=first.element.label)


@set_rule("PPB-NMK-004")
def check_set(mapset, ctx):
    """The same code on processes of two different files of the set (the map set's
    DUPLICATE_KODE issues; within one file the file check above reports it)."""
    for issue in mapset.issues:
        if issue.code == "DUPLICATE_KODE":
            ctx.report(issue.file, issue.element, "duplicate_set", line=issue.line, **issue.params)
