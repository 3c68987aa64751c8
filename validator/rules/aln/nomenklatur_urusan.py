"""PPB-ALN-007: the planning codes of a process lie within its OPD's urusan.

An OPD carries out the bidang urusan encoded in its organisation code (Permendagri
90/2019: ``X.XX.X.XX.X.XX.XX.XXXX`` holds up to three bidang urusan, ``0.00`` for none),
so the program, kegiatan and sub kegiatan codes in ``ppb:nomenklatur`` begin with one of
those bidang (``X.XX``). The supporting program ``X.XX.01`` (program penunjang) of any
bidang is allowed (parameter ``allow_penunjang``). The OPD is the map's
(``ppb:kodeOrganisasi``, else the OPD of the plan the map belongs to); on a Pemda map, the
OPD that owns the process (``ppb:pemilik``). Codes that are not well formed are left to
PPB-NMK-007; the names of the bidang in messages come from the same nomenclature master
(parameters ``master_file`` and ``master_version``).
"""
import re
from functools import lru_cache

from ...catalog import set_rule
from ... import vocab
from ...planlinks import TIER_PEMDA, process_links
from ..nmk._codes import nomenklatur_tokens
from ..nmk._common import ext
from ..nmk._master import MasterError, load_master
from ._common import file_info, flag_param

_BIDANG = re.compile(r"^(\d)\.(\d{2})(?:\.|$)")


@set_rule("PPB-ALN-007")
def check(mapset, ctx):
    plan = ctx.plan
    names = _bidang_names(ctx)
    penunjang = flag_param(ctx, "allow_penunjang", True)
    infos = file_info(mapset, plan)
    map_codes = {f.name: vocab.map_text(f.model, "kodeOrganisasi")
                 for f in mapset.files if f.model is not None}
    for link in process_links(mapset, plan):
        raw = ext(link.node.scope, "nomenklatur") or ext(link.element, "nomenklatur")
        tokens = nomenklatur_tokens(raw)
        if not tokens:
            continue
        info = infos.get(link.file)
        if info is not None and info.tier == TIER_PEMDA:
            code, opd = (link.opd.kode if link.opd else ""), link.opd
        else:
            code, opd = map_codes.get(link.file) or (link.opd.kode if link.opd else ""), link.opd
        allowed = _org_bidang(code)
        if not allowed:
            continue
        for token in tokens:
            bidang = token_bidang(token)
            if bidang is None or bidang in allowed:
                continue
            if penunjang and token.split(".")[2:3] == ["01"]:
                continue
            label = opd.nama if opd is not None else f"OPD berkode {code}"
            label_en = opd.nama if opd is not None else f"the OPD coded {code}"
            shown = ", ".join(f"{b} {names[b]}" if b in names else b for b in allowed)
            ctx.report(link.file, link.element, "default", proses=link.label, kode=token,
                       bidang=bidang, bidang_nama=names.get(bidang, "-"), opd=label,
                       org=label_en, urusan=shown)


def _bidang_names(ctx) -> dict[str, str]:
    """bidang code -> name, from the nomenclature master (the master's own mapping, read
    only: no copy of a few hundred names on every run); none when it cannot be read
    (PPB-NMK-007 reports a master that cannot be read)."""
    path, version = ctx.params.get("master_file"), ctx.params.get("master_version")
    if not path or not version:
        return {}
    try:
        return load_master(str(path), str(version)).bidang
    except MasterError:
        return {}


def org_bidang(code: str | None) -> list[str]:
    """The bidang urusan an organisation code holds: "2.17.3.31.0.00.01.0000" ->
    ["2.17", "3.31"]; a bare bidang code "1.02" -> ["1.02"]."""
    return list(_org_bidang(code))


@lru_cache(maxsize=1024)    # the maps of one OPD share its code
def _org_bidang(code: str | None) -> tuple[str, ...]:
    parts = re.sub(r"\s+", "", code or "").split(".")
    out = []
    for i in range(0, min(len(parts), 6) - 1, 2):
        urusan, bidang = parts[i], parts[i + 1]
        if re.fullmatch(r"\d", urusan) and re.fullmatch(r"\d{2}", bidang) and \
                (urusan, bidang) != ("0", "00"):
            b = f"{urusan}.{bidang}"
            if b not in out:
                out.append(b)
    return tuple(out)


def token_bidang(token: str) -> str | None:
    """The bidang ``X.XX`` a planning code begins with; None for an urusan alone, a
    placeholder ("X.XX.01") or a code of another shape."""
    m = _BIDANG.match(token.strip())
    return f"{m.group(1)}.{m.group(2)}" if m else None
