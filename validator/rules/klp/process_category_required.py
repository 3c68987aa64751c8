"""PPB-KLP-003: every process on a Level 0/1 map has a category.

Each process box of the overview maps is inti, pendukung or manajemen, in its
own ``ppb:kategori``: the rules that follow (owner, sasaran, input/output)
read the attribute, so a box drawn in a group (pool/lane "Proses Inti", ...,
or a process with ``ppb:kategori``) is told which value to write; with
``kategori_dari_kelompok`` the group alone is enough. A value outside the
three (synonyms such as "utama" or "lainnya" are accepted) is an error naming
the allowed values; a box whose own category contradicts its group's is a
warning.
"""
from ... import vocab
from ...catalog import rule
from .. import _map_structure as ms


@rule("PPB-KLP-003")
def check(model, ctx):
    p = ctx.params
    lv = ms.level(model)
    if lv is None or lv not in (p.get("levels") or ()):
        return
    phrases = p.get("nama_kelompok") or {}
    pools = ms.pools_by_process(model)
    for node in ms.top_process_nodes(ms.instansi_processes(model, p.get("nilai_eksternal") or ())):
        raw, own = vocab.text(node, "kategori"), vocab.category(node)
        group, holder = ms.container_category(node, pools, phrases)
        if raw and own is None:
            ctx.report(node, "unknown", nilai=raw, pilihan=", ".join(vocab.CATEGORIES))
        elif own is None and group is None:
            ctx.report(node, "missing")
        elif own is None and not p.get("kategori_dari_kelompok", False):
            ctx.report(node, "missing_in_group", kategori=group, kelompok=holder.label)
        elif own and group and own != group and p.get("periksa_konflik", True):
            ctx.report(node, "conflict", severity="warning", kategori=own,
                       kelompok=holder.label, kategori_kelompok=group)
