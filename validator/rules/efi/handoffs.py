"""PPB-EFI-001: how often the work changes hands inside the instansi.

Every handoff between actors is a queue, a transport and a chance to lose a
file; fewer handoffs is the first thing an efficiency review looks for. Per
process: the sequence flows whose two ends lie in different lanes (by lane
name: two lanes of the same name are one actor; a node inside a sub-process
has the lane of the sub-process) plus the message flows to or from another
pool. Flows that leave a start event or reach an end event are not work
changing hands and are left out. Above ``max_handoffs``: information.

Exchanges with the applicant are the service itself, not a handoff inside the
government (issue 17): a message flow to or from an external pool
(``ppb:pemangku="eksternal"``, or a pool named like ``pemohon_eksternal``:
"Pemohon", "Masyarakat", ...) and a sequence flow into or out of a lane of that
kind are not counted.
"""
from functools import lru_cache

from ... import vocab
from ...catalog import element_ref, rule
from ..sop._common import (actor_key, applies, ext, lane_of, list_param, number_param,
                           participant_of)

_APPLICANT = ("pemohon", "masyarakat", "pengguna layanan", "penerima layanan", "wajib pajak",
              "warga", "pelanggan", "pelaku usaha")


@rule("PPB-EFI-001")
def check(model, ctx):
    if not applies(model, ctx, ("lintasFungsi", "sop")):
        return
    limit = number_param(ctx, "max_handoffs", 6)
    names = _applicant_names(tuple(list_param(ctx, "pemohon_eksternal", _APPLICANT)))
    lanes = {}
    applicant = {}      # lane -> _applicant(lane, names): a lane ends many flows

    def of_applicant(lane):
        hit = applicant.get(lane)
        if hit is None:
            hit = applicant[lane] = _applicant(lane, names)
        return hit

    for flow in model.all("SequenceFlow"):
        src, tgt = flow.source, flow.target
        if src is None or tgt is None or "StartEvent" in src.types or "EndEvent" in tgt.types:
            continue
        a, b = lane_of(src), lane_of(tgt)
        if a is None or b is None or a is b or actor_key(a) == actor_key(b):
            continue
        if of_applicant(a) or of_applicant(b):
            continue
        process = flow.find_parent("Process")
        lanes[process] = lanes.get(process, 0) + 1
    pools = {p.process: p for p in model.all("Participant") if p.process is not None}
    messages = {}
    for flow in model.all("MessageFlow"):
        ends = [_pool(model, flow.source), _pool(model, flow.target)]
        if ends[0] is ends[1] or any(_applicant(e, names) for e in ends if e is not None):
            continue
        for pool in ends:
            process = _process(pool)
            if process is not None:
                messages[process] = messages.get(process, 0) + 1
    for process in model.all("Process"):
        n_lanes, n_msgs = lanes.get(process, 0), messages.get(process, 0)
        if n_lanes + n_msgs > limit:
            named = process if (process.name or "").strip() else (pools.get(process) or process)
            ctx.report(process, "default", jumlah=n_lanes + n_msgs, lane=n_lanes, pesan=n_msgs,
                       batas=int(limit) if limit == int(limit) else limit,
                       elemen=element_ref(named, "id"), elemen_en=element_ref(named, "en"))


# ---------------------------------------------------------------------------

@lru_cache(maxsize=64)      # the same words for every map a validator checks
def _applicant_names(words: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(vocab.squashed(w) for w in words if w.strip())


def _applicant(el, names) -> bool:
    """A pool or lane of the service's user: marked external, or named like one."""
    if el is None:
        return False
    for holder in (el, getattr(el, "process", None)):
        if holder is not None and ext(holder, "pemangku").lower() in ("eksternal", "external"):
            return True
    name = vocab.squashed(el.name)
    return any(name == w or name.startswith(w + " ") or name.startswith(w + "/") for w in names)


def _pool(model, el):
    """The pool (participant) an end of a message flow lies in; the pool itself for a pool."""
    if el is None:
        return None
    if "Participant" in el.types:
        return el
    process = el if "Process" in el.types else el.find_parent("Process")
    return participant_of(model, process) if process is not None else None


def _process(pool):
    return getattr(pool, "process", None) if pool is not None else None
