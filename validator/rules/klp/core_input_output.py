"""PPB-KLP-002: each core process has an input from and an output to stakeholders.

A Peta Proses is read as SIPOC: a supplier gives an input, the process turns
it into an output for a customer. On a core (inti) process box that shows as
a message flow from another pool (or a data input) coming in, and a message
flow to another pool (or a data output) going out; ``ppb:output`` states the
output in words. Pools drawn as process groups are the instansi, not
stakeholders.
"""
from ... import vocab
from ...catalog import rule
from .. import _map_structure as ms


@rule("PPB-KLP-002")
def check(model, ctx):
    p = ctx.params
    if vocab.map_type(model) not in (p.get("jenis_peta") or ()):
        return
    phrases = p.get("nama_kelompok") or {}
    pools = ms.pools_by_process(model)
    processes = ms.instansi_processes(model, p.get("nilai_eksternal") or ())
    core = [n for n in ms.top_process_nodes(processes) if ms.node_category(n, pools, phrases) == "inti"]
    if not core:
        return
    inputs, outputs = _connected(model, set(core), pools, phrases)
    for node in core:
        stated = bool(vocab.text(node, "output"))
        if stated and p.get("output_cukup", True):
            continue
        has_in, has_out = node in inputs, stated or node in outputs
        if has_in and has_out:
            continue
        key = "no_output" if has_in else "no_input" if has_out else "no_io"
        kode = vocab.text(node, "kode")
        ctx.report(node, key, kode=f"{kode} " if kode else "")


# ---------------------------------------------------------------------------

def _connected(model, core, pools, phrases):
    """Core nodes with an input from / an output to a stakeholder pool or a data object."""
    groups = {pool for pool in model.all("Participant") if ms.group_of(pool, phrases)}

    def stakeholder(other, node):
        pool = ms.pool_of(other, pools)
        return pool is not ms.pool_of(node, pools) and pool not in groups

    inputs, outputs = set(), set()
    for flow in model.all("MessageFlow"):
        src, tgt = flow.source, flow.target
        if src is None or tgt is None:
            continue
        node = ms.top_node(tgt)
        if node in core and stakeholder(src, node):
            inputs.add(node)
        node = ms.top_node(src)
        if node in core and stakeholder(tgt, node):
            outputs.add(node)
    for assoc in model.all("DataInputAssociation"):
        node = ms.top_node(assoc)
        if node in core:
            inputs.add(node)
    for assoc in model.all("DataOutputAssociation"):
        node = ms.top_node(assoc)
        if node in core:
            outputs.add(node)
    return inputs, outputs
