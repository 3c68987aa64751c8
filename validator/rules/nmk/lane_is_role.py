"""PPB-NMK-008: a lane names a position or unit, not a person.

PermenPANRB 35/2012 names the performers (pelaksana) of an SOP by their
position: people move, positions stay, so a map with "Ibu Rina, S.E." on a lane
is out of date at the next transfer. A lane name is read as a person's when it
starts with a form of address or title (Bapak, Ibu, Sdr., Hj., Dr., Drs., ...),
has an academic degree after a comma (", S.E.", ", M.Si", ", A.Md"), or holds
an 18-digit NIP. All patterns are parameters. When the name also holds a
position ("Kasi Pelayanan (Bpk. Andi)", "Ibu Kepala Dinas"), that part is
suggested; otherwise the configured ``example_position`` when a Pemda sets one, else no
example: one fixed jabatan proposed for every lane is advice that fits no lane (issue 17).

Over a set with a plan, the lanes of an OPD's map are also read against that OPD in the
organisation master (its units and jabatan): a lane that names neither, and is no person's
name (the file check's finding), gets the closest names of the master as suggestions, as
information (a master is seldom complete, and the lane may be right).
"""
import re
from functools import lru_cache

from ...catalog import rule, set_rule
from ...lazy_re import lazy_re
from ._common import applies, list_param


@rule("PPB-NMK-008")
def check(model, ctx):
    if not applies(model, ctx):
        return
    marks = _Marks.of(ctx)
    seen = set()
    for type_name in list_param(ctx, "element_types"):
        for el in model.all(type_name):
            name = _spaced(el.name)
            if el in seen or not name:
                continue
            seen.add(el)
            found = marks.find(name)
            if found is not None:
                key, mark, hint = found
                saran = hint or marks.example
                ctx.report(el, key if saran else key + "_umum", penanda=mark, saran=saran)


@set_rule("PPB-NMK-008")
def check_set(mapset, ctx):
    from ..klp.process_owner import find_opd
    from ..lvl import _set as S

    plan = ctx.plan
    if plan is None:
        return
    marks = _Marks.of(ctx)
    types = list_param(ctx, "element_types")
    closest: dict = {}      # the master's names -> lane name -> close matches (maps repeat them)
    names_of: dict = {}     # id(opd) -> its names as the lanes are compared (an OPD has many maps)
    for mf in S.readable(mapset):
        model = mf.model
        if not applies(model, ctx) or S.is_pemda_map(model):
            continue
        opd = find_opd(model, plan)
        if opd is None:
            continue
        hit = names_of.get(id(opd))
        if hit is None:
            known = [n for n in (*opd.jabatan, *opd.unit) if n]
            norm = {S.norm(n): n for n in (*known, opd.nama, opd.singkatan) if n} if known else None
            hit = names_of[id(opd)] = (norm, closest.setdefault(tuple(norm), {}) if norm else None)
        norm, matches = hit
        if norm is None:
            continue
        seen = set()
        for type_name in types:
            for el in model.all(type_name):
                name = _spaced(el.name)
                if el in seen or not name or S.norm(name) in norm:
                    continue
                seen.add(el)
                if marks.find(name) is not None or marks.is_client(name):
                    continue        # a person's name (the file check) or the service's user
                if "Participant" in el.types:
                    continue
                low = S.norm(name)
                close = matches.get(low)
                if close is None:
                    import difflib   # here: only a lane the master does not know needs it

                    close = matches[low] = difflib.get_close_matches(low, list(norm), n=3, cutoff=0.5)
                if not close:
                    continue        # nothing in the master resembles it: no advice to give
                # information: a master is seldom complete, and the lane may be right
                ctx.report(mf.name, el, "master", severity="info", opd=opd.nama,
                           saran=", ".join(f"'{norm[c]}'" for c in close))


@lru_cache(maxsize=1 << 16)     # the same lane names come back map after map of a set
def _spaced(name):
    return re.sub(r"\s+", " ", (name or "")).strip()


# ---------------------------------------------------------------------------

_PARTS = lazy_re(r"\s*(?:[()\[\]|;/]|\s[-\u2013\u2014]\s|:\s)\s*")


_MISSING = object()
# id of a rule's parameters -> (those parameters, their marks): the same parameters serve
# every map a validator checks, and the marks (a dozen patterns) took 80 us to make
_MARKS: dict = {}


class _Marks:
    @classmethod
    def of(cls, ctx):
        hit = _MARKS.get(id(ctx.params))
        if hit is None or hit[0] is not ctx.params:
            if len(_MARKS) > 64:        # parameters made and dropped over and over (tests)
                _MARKS.clear()
            hit = _MARKS[id(ctx.params)] = (ctx.params, cls(ctx))
        return hit[1]

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
        self.example = str(p.get("example_position") or "")
        self._found = {}

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
        """(key, mark, suggested position or None) for a lane name that holds a person. Kept
        per name: the same lane names come back map after map, in the file and set checks."""
        hit = self._found.get(name, _MISSING)
        if hit is _MISSING:
            if len(self._found) >= 8192:
                self._found.clear()
            hit = self._found[name] = self._find(name)
        return hit

    def _find(self, name):
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

    def is_client(self, name):
        """A lane of the service's user ('Pemohon', 'Masyarakat'), not a unit of the OPD."""
        words = name.lower().replace("/", " ").split()
        return bool(words) and (words[0] in self.clients or any(w in self.clients for w in words[:2]))

    def _is_position(self, part):
        words = part.strip(" ,.").split()
        return bool(words) and words[0].lower() in self.roles
