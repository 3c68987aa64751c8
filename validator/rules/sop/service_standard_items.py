"""PPB-SOP-012: the SOP delivers what the standar pelayanan promises (persyaratan, produk).

The standar pelayanan (PermenPANRB 15/2014) lists the service's persyaratan and its
produk; the SOP AP's mutu baku (PermenPANRB 35/2012) lists, per activity, the
kelengkapan at hand and the output made. When the map states the standard
(``ppb:persyaratan``, items separated by ";" or new lines, and ``ppb:produk``, on the
process, its pool or the map, as ``ppb:standarWaktu``), two findings may follow:

* persyaratan that no activity's kelengkapan names (one finding listing them); a
  kelengkapan that refers to the persyaratan as a whole ("berkas sesuai persyaratan")
  covers them all;
* a produk that no last activity's output names (the activities right before an end
  event, through gateways and events).

Names are compared by their words, not letter for letter: case, punctuation, numbers
("4x6"), words such as "fotokopi" or "dan" and bracketed remarks are left out; a word
matches the same word or one that begins with it (4 letters at least); initials stand
for the words they abbreviate ("STR" for "Surat Tanda Registrasi", "SIP Bidan" for
"Surat Izin Praktik Bidan"). Without any kelengkapan (or output) written there is
nothing to compare: PPB-SOP-003 reports the empty mutu baku (one problem, one finding).
"""
from __future__ import annotations

import re

from ...catalog import rule
from ...lazy_re import lazy_re
from ._common import FlowGraph, applies, ext, join_words, mutu, participant_of, process_nodes

_SHOW = 6
_ITEM_SPLIT = lazy_re(r"[;\n\r]+|\s\d{1,2}[.)]\s")     # "a; b" or "1. a 2. b"
_ENUM = lazy_re(r"^\s*(?:\d{1,2}|[a-z])[.)]\s+", re.I)    # "1. ", "a) "
_PAREN = lazy_re(r"\(([^()]*)\)")
_WORD = lazy_re(r"[^\W_]+")
_STOP = frozenset("""
    dan atau di ke pada serta beserta sebagai
    asli fotokopi fotocopy foto-kopi salinan legalisir dilegalisir berlaku masih telah sudah
    lembar rangkap buah ukuran berwarna terbaru the of
""".split())
_QUALIFIERS = frozenset("dari oleh yang untuk bagi dengan sesuai".split())
_GENERIC = frozenset("surat keterangan formulir berkas dokumen bukti kartu permohonan tanda".split())
_WHOLE = lazy_re(r"\bpersyaratan\b|\bstandar\s+pelayanan\b", re.I)


@rule("PPB-SOP-012")
def check(model, ctx):
    if not applies(model, ctx, ("sop",)):
        return
    for process in model.all("Process"):
        nodes = process_nodes(process)
        if not any("Activity" in n.types for n in nodes):
            continue
        tasks = [t for t in model.all("Task") if t.find_parent("Process") is process]
        persyaratan, p_holder = _standard(model, process, "persyaratan")
        if persyaratan:
            _check_requirements(ctx, persyaratan, p_holder, tasks)
        produk, q_holder = _standard(model, process, "produk")
        if produk:
            _check_product(ctx, produk, q_holder, FlowGraph.of(process, model))


def _check_requirements(ctx, text, holder, tasks):
    written = [mutu(t, "mutuKelengkapan") for t in tasks]
    written = [w for w in written if w and w not in ("-", "\u2013", "\u2014")]
    if not written or any(_WHOLE.search(w) for w in written):
        return
    items = [_ENUM.sub("", i).strip(" \t-*\u2022,.") for i in _ITEM_SPLIT.split(text)]
    items = [i for i in items if _words(i)]
    missing = [i for i in items if not any(covers(w, i) for w in written)]
    if not missing:
        return
    shown = [f"'{i}'" for i in missing[:_SHOW]]
    more = len(missing) - _SHOW
    ctx.report(holder, "requirements", jumlah=len(missing), total=len(items),
               daftar=join_words(shown + ([f"{more} lainnya"] if more > 0 else []), "id"),
               items=join_words(shown + ([f"{more} more"] if more > 0 else []), "en"))


def _check_product(ctx, produk, holder, graph):
    last = _last_activities(graph)
    outputs = [(t, mutu(t, "mutuOutput")) for t in last]
    outputs = [(t, o) for t, o in outputs if o and o not in ("-", "\u2013", "\u2014")]
    if not outputs or any(covers(o, produk) for _, o in outputs):
        return
    shown = [f"'{t.label}' (output '{o}')" for t, o in outputs[:_SHOW]]
    ctx.report(holder, "product", produk=produk, daftar=join_words(shown, "id"),
               items=join_words(shown, "en"), elements=[holder] + [t for t, _ in outputs])


# -- where the standard is written ------------------------------------------------------------

def _standard(model, process, key):
    """``ppb:<key>`` of the process, else of its pool, else of the map (as ppb:standarWaktu)."""
    for el in (process, participant_of(model, process), model.definitions,
               *model.all("Collaboration")):
        value = ext(el, key)
        if value and value not in ("-", "\u2013", "\u2014"):
            return value, el
    return "", None


def _last_activities(graph) -> list:
    """The activities right before an end event, gateways and events between them passed."""
    out, seen = [], set()
    todo = [n for n in graph.nodes if "EndEvent" in n.types]
    while todo:
        node = todo.pop()
        for prev in graph.pred[node]:
            if prev in seen:
                continue
            seen.add(prev)
            if "Activity" in prev.types:
                out.append(prev)
            else:
                todo.append(prev)
    return sorted(out, key=lambda n: graph.index[n])


# -- comparing names by their words --------------------------------------------------------------

def _words(text: str) -> list[str]:
    """The words that carry meaning: lower case, no numbers, no stop words, brackets out."""
    out = []
    for w in _WORD.findall(_PAREN.sub(" ", text).lower()):
        if w in _QUALIFIERS and out:
            break
        if len(w) > 1 and not any(c.isdigit() for c in w) and w not in _STOP:
            out.append(w)
    return out


def _same(a: str, b: str) -> bool:
    return a == b or (min(len(a), len(b)) >= 4 and (a.startswith(b) or b.startswith(a)))


def covers(text: str, name: str) -> bool:
    """True when ``text`` (a kelengkapan or an output) names ``name`` (one persyaratan, the
    produk): every word of ``name`` that tells it apart is in ``text``. Words after a
    qualifier ("dari", "oleh", "yang" ...: "surat keterangan sehat dari dokter") are left
    out; generic document words ("surat", "formulir", "berkas" ...) may be missing when the
    name has other words; a run of words may appear as its initials ("STR" for "surat
    tanda registrasi"); an abbreviation given in brackets ("(SIPB)") found in ``text`` as a
    word is enough."""
    have = set(_WORD.findall(text.lower()))
    for inner in _PAREN.findall(name):
        token = inner.strip().lower()
        if token.isalpha() and 2 <= len(token) <= 10 and token in have:
            return True
    want = _words(name)
    if not want:
        return False
    optional = set(_GENERIC) if any(w not in _GENERIC for w in want) else set()
    n = len(want)
    reach = [True] + [False] * n          # reach[i]: want[:i] accounted for
    for i in range(n):
        if not reach[i]:
            continue
        if want[i] in optional or any(_same(want[i], w) for w in have):
            reach[i + 1] = True
        for j in range(i + 2, n + 1):
            if "".join(w[0] for w in want[i:j]) in have:
                reach[j] = True
    return reach[n]
