"""PPB-LVL-004: every core process of an overview map is detailed on the next level
(a set check).

PermenPANRB 19/2018 practice details each proses inti of a Level 0 map in a
Level 1 map, and so on down to the cross-functional maps, which are the bottom
of the hierarchy with the SOPs. Over a set of maps, a top-level process box with
``ppb:kategori="inti"`` on a map of ``jenis_peta`` is detailed when:

* a map of the set names it as its parent (``ppb:parentKode`` = its code), or
  it names a map with ``ppb:childMap``, or a call activity calls a process of
  another map (the map set's links); or sub-processes are drawn inside it;
* or it declares its detail map itself (``ppb:childMap``, or a call activity's
  ``calledElement``) that the set does not hold: PPB-LVL-005 reports the
  missing file, so this rule does not report it again.

A set of one map cannot show a decomposition drawn in another file, so the rule
reports nothing below ``min_peta`` maps.
"""
from ... import vocab
from ...catalog import set_rule
from ..nmk._common import ext
from . import _set as S


@set_rule("PPB-LVL-004")
def check_set(mapset, ctx):
    p = ctx.params
    maps = S.readable(mapset)
    if len(maps) < int(p.get("min_peta", 2)):
        return
    types = {t.lower() for t in S.list_param(ctx, "jenis_peta")}
    categories = {c.lower() for c in S.list_param(ctx, "kategori")}
    for mf in maps:
        if (vocab.map_type(mf.model) or "").lower() not in types:
            continue
        tops = {id(el) for el in vocab.top_process_nodes(mf.model)}
        for node in mapset.nodes_of(mf.name):
            if node.is_process or id(node.scope) not in tops:
                continue
            if (node.kategori or "") not in categories:
                continue
            if mapset.children_of(node) or _declares_detail(node):
                continue
            ctx.report(mf.name, node.element, "default" if node.kode else "no_code",
                       kode=node.kode or "", kategori=node.kategori)


def _declares_detail(node) -> bool:
    if ext(node.scope, "childMap") or ext(node.element, "childMap"):
        return True
    return "CallActivity" in node.scope.types and bool((node.scope.attrs.get("calledElement") or "").strip())
