"""PPB-SOP-010: the approval box of an SOP names the official's name and NIP.

The SOP AP identity page (PermenPANRB 35/2012) has a pengesahan box: position,
name and NIP of the approving official. The position (``ppb:disahkanOleh``) is
PPB-SOP-008's; this rule reads the name (``ppb:disahkanNama``) and the NIP
(``ppb:disahkanNip``). Missing items give one finding, on the element that
holds the map's approval (where the position is written, else definitions); a
NIP that is not 18 digits (spaces and a leading "NIP" allowed) gives a finding
with its value, on the element that carries it.
"""
import re

from ...catalog import rule
from ._common import applies, join_words, map_attr

_ITEMS = (("disahkanNama", "nama pejabat pengesah", "name of the approving official"),
          ("disahkanNip", "NIP pejabat pengesah", "NIP of the approving official"))
_DASHES = ("-", "–", "—", "--")
_NIP_PREFIX = re.compile(r"^nip\s*[.:]?\s*", re.I)


@rule("PPB-SOP-010")
def check(model, ctx):
    if not applies(model, ctx, ("sop",)):
        return
    values = {key: map_attr(model, key) for key, _, _ in _ITEMS}
    missing = [(ind, en) for key, ind, en in _ITEMS
               if not values[key][0] or values[key][0] in _DASHES]
    if missing:
        ctx.report(model.ext_holder("disahkanOleh"), "missing",
                   butir=join_words([m[0] for m in missing], "id"),
                   items=join_words([m[1] for m in missing], "en"))
    nip, host = values["disahkanNip"]
    if nip and nip not in _DASHES and not nip_ok(nip):
        ctx.report(host or model.definitions, "bad_nip", nilai=nip)


def nip_ok(text: str) -> bool:
    """18 digits once spaces (and a leading "NIP", "NIP." or "NIP:") are left out."""
    digits = re.sub(r"\s+", "", _NIP_PREFIX.sub("", text.strip()))
    return bool(re.fullmatch(r"\d{18}", digits))
