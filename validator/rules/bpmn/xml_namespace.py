"""PPB-BPMN-001: the file is BPMN 2.0 XML as written, not only as recovered.

Files that cannot be read at all never reach a rule (the parser raises
BpmnReadError). Sloppy but harmless exports are read anyway and leave a
notice in ``model.notices``; this rule turns each notice into a finding that
says what was wrong and what the validator assumed, so the author can save a
clean file that every BPMN tool reads the same way. A notice code this rule
does not know yet is skipped rather than guessed at.
"""
from ...catalog import rule
from ...parser import BPMN_DI, BPMN_MODEL, KNOWN_PREFIXES, OMG_DC, OMG_DI, PPB_NS

_CANONICAL = (BPMN_MODEL, BPMN_DI, OMG_DC, OMG_DI, PPB_NS)


@rule("PPB-BPMN-001")
def check(model, ctx):
    for notice in model.notices:
        handler = _HANDLERS.get(notice.code)
        if handler is not None:
            handler(model, ctx, notice)


# ---------------------------------------------------------------------------

def _encoding(model, ctx, notice):
    ctx.report(None, "encoding", severity="warning", line=notice.line or 0)


def _undeclared_prefix(model, ctx, notice):
    names = [p.strip() for p in str(notice.params.get("prefix") or "").split(",") if p.strip()]
    assumed = ", ".join(f"{p} = {KNOWN_PREFIXES.get(p, 'urn:ppb:undeclared:' + p)}" for p in names)
    ctx.report(None, "undeclared_prefix", line=notice.line or 0,
               prefix=", ".join(names) or "?", assumed=assumed or "?")


def _odd_namespace(model, ctx, notice):
    uri = str(notice.params.get("uri") or "")
    if uri in _CANONICAL:
        return  # written exactly as the standard: nothing to say
    if " " in uri and not uri.startswith("("):
        # a repaired URI (spaces removed) is described rather than named: URIs have no spaces
        ctx.report(None, "namespace_spaces", severity="warning", line=notice.line or 0)
        return
    norm = uri.strip().rstrip("/").lower()
    standard = next((c for c in _CANONICAL if c.lower() == norm), None)
    if standard is None and norm.startswith("urn:ppb:"):
        standard = PPB_NS
    if standard is not None:
        ctx.report(None, "odd_namespace", severity="warning", line=notice.line or 0,
                   uri=uri, baku=standard)
    else:  # the root <definitions> is in an unknown namespace (or none): read as BPMN anyway
        ctx.report(None, "unknown_namespace", line=notice.line or 0, uri=uri, baku=BPMN_MODEL)


def _expression_type(model, ctx, notice):
    el = model.get(notice.element_id)
    tag = _tag(el.type) if el is not None else "elemen"
    ctx.report(el if el is not None else notice.element_id, "expression_type", severity="warning",
               line=notice.line or None, tipe=notice.params.get("type") or "?", tag=tag,
               nama=el.label if el is not None else (notice.element_id or "?"))


def _misplaced(model, ctx, notice):
    ctx.report(notice.element_id, "misplaced", line=notice.line or 0, eid=notice.element_id or "-",
               tag=_tag(notice.params.get("type") or "?"),
               induk=_tag(notice.params.get("parent") or "?"))


def _tag(type_name):
    return type_name[:1].lower() + type_name[1:]


_HANDLERS = {
    "ENCODING_RECOVERED": _encoding,
    "UNDECLARED_PREFIX": _undeclared_prefix,
    "ODD_NAMESPACE": _odd_namespace,
    "UNKNOWN_EXPRESSION_TYPE": _expression_type,
    "MISPLACED_ELEMENT": _misplaced,
}
