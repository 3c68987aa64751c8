"""PPB-NMK-008: a lane names a position or unit, not a person.

PermenPANRB 35/2012 names the performers (pelaksana) of an SOP by their
position: people move, positions stay, so a map with "Ibu Rina, S.E." on a lane
is out of date at the next transfer. A lane name is read as a person's when it
starts with a form of address or title (Bapak, Ibu, Sdr., Hj., Dr., Drs., ...),
has an academic degree after a comma (", S.E.", ", M.Si", ", A.Md"), or holds
an 18-digit NIP. All patterns are parameters. When the name also holds a
position ("Kasi Pelayanan (Bpk. Andi)", "Ibu Kepala Dinas"), that part is
suggested; otherwise the configured example.
"""
import re

from ...catalog import rule
from ._common import applies, list_param


@rule("PPB-NMK-008")
def check(model, ctx):
    if not applies(model, ctx):
        return
    marks = _Marks(ctx)
    seen = set()
    for type_name in list_param(ctx, "element_types"):
        for el in model.all(type_name):
            name = re.sub(r"\s+", " ", (el.name or "")).strip()
            if el in seen or not name:
                continue
            seen.add(el)
            found = marks.find(name)
            if found is not None:
                key, mark, hint = found
                ctx.report(el, key, penanda=mark, saran=hint or marks.example)


# ---------------------------------------------------------------------------

_PARTS = re.compile(r"\s*(?:[()\[\]|;/]|\s[-\u2013\u2014]\s|:\s)\s*")


class _Marks:
    def __init__(self, ctx):
        p = ctx.params
        titles = []
        for t in list_param(ctx, "titles"):
            dot = t.endswith(".")
            word = re.escape(t.rstrip("."))
            titles.append(word + (r"\." if dot else r"\.?"))
        self.title = re.compile(r"^(?:" + "|".join(titles) + r")(?=\s)", re.I) if titles else None
        self.title_next = re.compile(r"^(?:" + "|".join(titles) + r")\s+(\S+)", re.I) if titles else None
        degrees = list_param(ctx, "degrees")
        self.degree = re.compile(r",\s*(" + "|".join(degrees) + r")") if degrees else None
        nip = str(p.get("nip_pattern") or "")
        self.nip = re.compile(nip) if nip else None
        self.not_names = [s.lower() for s in list_param(ctx, "not_person_phrases")]
        self.roles = {w.lower() for w in list_param(ctx, "position_words")}
        self.clients = {w.lower() for w in list_param(ctx, "client_words")}
        self.example = str(p.get("example_position") or "Pengadministrasi Umum")

    def _title(self, part):
        """The form of address a part starts with, when a name or a position follows it."""
        if self.title is None:
            return None
        low = part.lower()
        if any(low.startswith(s) for s in self.not_names):
            return None
        m = self.title_next.match(part)
        if m is None:
            return None
        nxt = m.group(1)
        if nxt.lower().strip(".,") in self.clients:
            return None  # "Bapak/Ibu Pemohon": whoever applies, not a person
        if nxt[:1].isupper() or nxt.lower().strip(".,") in self.roles or self.title.match(nxt + " "):
            return self.title.match(part).group()
        return None

    def _person(self, part):
        """(key, mark) when a part of a lane name reads as a person."""
        t = self._title(part)
        if t:
            return "title", t
        if self.degree is not None:
            m = self.degree.search(part)
            if m:
                return "degree", m.group(1)
        if self.nip is not None:
            m = self.nip.search(part)
            if m:
                return "nip", m.group()
        return None

    def find(self, name):
        """(key, mark, suggested position or None) for a lane name that holds a person."""
        low = name.lower()
        if any(low.startswith(s) for s in self.not_names):
            return None
        parts = [p for p in _PARTS.split(name) if p and p.strip()]
        hits = [(p, self._person(p)) for p in parts]
        person = next((h for _, h in hits if h), None) or self._person(name)
        if person is None:
            return None
        key, mark = person
        others = [p.strip(" ,.") for p, h in hits if not h and self._is_position(p)]
        if len(others) == 1:
            return key, mark, others[0]
        if key == "title" and len(parts) == 1:
            rest = name[len(mark):].strip()
            if rest.split()[0].lower().strip(".,") in self.roles:
                return key, mark, rest[0].upper() + rest[1:]
        return key, mark, None

    def _is_position(self, part):
        words = part.strip(" ,.").split()
        return bool(words) and words[0].lower() in self.roles
