"""Indonesian activity wording, for PPB-NMK-002.

PermenPANRB 35/2012 asks that an SOP activity be written as an active verb
without a subject: "Memeriksa berkas", not "Pemeriksaan berkas" (a noun), not
"Petugas memeriksa berkas" (a subject first), not "Berkas diperiksa" (passive).
:class:`Lexicon` reads the first words of a name and says which of these it is,
and derives the active form where it can do so for certain.

All word knowledge comes from the rule's parameters (data, not code):

* ``base_words``: base verbs with their verb suffix ("periksa", "terbit+kan",
  "tanda tangan+i"). From each the lexicon derives the imperative ("terbitkan"),
  the active form ("menerbitkan"), the noun ("penerbitan") and the passive
  ("diterbitkan"), with the meN-/peN- prefix rules of ``prefix_rules``;
* ``irregular_active`` / ``irregular_nouns`` for what the rules cannot derive;
* ``other_base_forms``, ``not_verbs``, ``subject_words``, ``skip_words``;
* ``active_patterns``, ``noun_pattern``, ``passive_pattern``: regular
  expressions for verbs that are not listed.

A suggestion is only made from listed words; when unsure, none is made.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from ...lazy_re import lazy_re

VOWELS = frozenset("aiueo")
_TOKEN = lazy_re(r"[^\W_]+(?:['\u2019-][^\W_]+)*")
_HYPHENATED = lazy_re(r"^(me|mem|men|meng|meny|menge|memper|di|diper|ber|ter|pe|pem|pen|peng|peny|penge|per)-(\w+)$")
_LEADING = lazy_re(
    r"^\s*(?:(?:\(?\d{1,3}(?:\.\d{1,3})*[.):]|\(?[a-zA-Z][.)]|\d{1,3}(?=\s+[A-Z])|[\[(][^\])]{1,30}[\])]|[-\u2022*\u2013])\s*)+")
_SYLLABLE = lazy_re(r"ai|au|oi|[aiueo]")


@dataclass
class Token:
    text: str       # as written
    word: str       # lower case, a hyphenated prefix joined ("meng-input" -> "menginput")
    start: int
    end: int


@dataclass
class Verdict:
    kind: str                 # ok | base | noun | subject | passive | not_verb
    word: str = ""            # the word (or words) the verdict is about, as written
    hint: str | None = None   # the name rewritten with an active verb, when certain


def tokens(name: str) -> list[Token]:
    """The words of a name, after any numbering or tag in front ("1.", "a)", "[SIAK]")."""
    m = _LEADING.match(name)
    offset = m.end() if m else 0
    out = []
    for t in _TOKEN.finditer(name, offset):
        word = t.group().lower().replace("\u2019", "'")
        h = _HYPHENATED.match(word)
        if h:
            word = h.group(1) + h.group(2)
        out.append(Token(t.group(), word, t.start(), t.end()))
    return out


class Lexicon:
    """Word data of one parameter set, compiled once."""

    def __init__(self, params: dict) -> None:
        p = params
        self.prefix_rules = {str(k).lower(): v for k, v in (p.get("prefix_rules") or {}).items()}
        self.mono_prefix = str(p.get("monosyllable_prefix") or "menge")
        self.irregular = {_norm(k): _norm(v) for k, v in (p.get("irregular_active") or {}).items()}
        self.imperative: dict[str, str | None] = {}   # "terbitkan" -> "menerbitkan"
        self.active: set[str] = set()
        self.noun: dict[str, str] = {}                 # "penerbitan" -> "menerbitkan"
        self.passive: dict[str, str] = {}              # "diterbitkan" -> "menerbitkan"
        for entry in p.get("base_words") or ():
            self._add_base(str(entry))
        for word in p.get("other_base_forms") or ():
            self.imperative.setdefault(_norm(word), None)
        for k, v in (p.get("irregular_nouns") or {}).items():
            self.noun[_norm(k)] = _norm(v)
        self.not_verbs = {_norm(w) for w in p.get("not_verbs") or ()}
        self.subjects = {_norm(w) for w in p.get("subject_words") or ()}
        self.skip = {_norm(w) for w in p.get("skip_words") or ()}
        self.stop = {_norm(w) for w in p.get("clause_words") or ()}
        self.conjunctions = {_norm(w) for w in p.get("conjunctions") or ()}
        self.tail_words = {_norm(w) for w in p.get("passive_tail_words") or ()}
        self.modifiers = {_norm(w) for w in p.get("noun_modifiers") or ()}
        self.joiners = tuple(str(c) for c in p.get("joining_marks") or ())
        self.active_patterns = [re.compile(x) for x in p.get("active_patterns") or ()]
        self.strict_patterns = [re.compile(x) for x in p.get("strict_active_patterns") or ()]
        self.noun_pattern = re.compile(p.get("noun_pattern") or r"(?!)")
        self.passive_pattern = re.compile(p.get("passive_pattern") or r"(?!)")
        self.window = int(p.get("subject_window") or 6)
        self.longest = max((len(k.split()) for k in list(self.imperative) + list(self.noun)), default=1)

    # -- derivation ----------------------------------------------------------------
    def _add_base(self, entry: str) -> None:
        base, _, suffix = entry.partition("+")
        base, suffix = _norm(base), _norm(suffix)
        if not base:
            return
        joined = base.replace(" ", "")
        stem = self.me_stem(base)
        forms = [base + suffix]
        if " " in base:
            forms.append(joined + suffix)
        for form in forms:
            self.imperative.setdefault(form, stem + suffix if stem else None)
        if stem is None:
            return
        active = stem + suffix
        self.active.add(active)
        self.noun.setdefault("pe" + stem[2:] + "an", active)
        self.passive.setdefault("di" + joined + suffix, active)

    def me_stem(self, base: str) -> str | None:
        """meN- + base ("periksa" -> "memeriksa", "cek" -> "mengecek"); None when the prefix
        rules do not decide it."""
        if base in self.irregular:
            return self.irregular[base]
        b = base.replace(" ", "")
        if not b.isalpha():
            return None
        if len(_SYLLABLE.findall(b)) == 1:
            return self.mono_prefix + b
        onset = "vokal" if b[0] in VOWELS else next(
            (k for k in sorted(self.prefix_rules, key=len, reverse=True)
             if k != "vokal" and b.startswith(k)), None)
        rule = self.prefix_rules.get(onset) if onset else None
        if rule is None:
            return None
        if isinstance(rule, (list, tuple)):
            before_vowel, before_consonant = (list(rule) + [None])[:2]
        else:
            before_vowel = before_consonant = rule
        rest = b[len(onset):] if onset != "vokal" else b
        nxt = rest[:1]
        prefix = before_vowel if (onset == "vokal" or nxt in VOWELS) else before_consonant
        if not prefix:
            return None
        prefix = str(prefix)
        if prefix.endswith("-"):
            return prefix[:-1] + rest if nxt in VOWELS else None
        return prefix + b

    # -- reading -------------------------------------------------------------------
    def is_active(self, word: str, strict: bool = False) -> bool:
        if word in self.not_verbs:
            return False
        if word in self.active:
            return True
        patterns = self.strict_patterns if strict else self.active_patterns
        return any(p.match(word) for p in patterns)

    def _phrase(self, toks, i, table) -> tuple[str, int] | None:
        """The longest phrase of ``table`` starting at token ``i``: (key, token count)."""
        for n in range(min(self.longest, len(toks) - i), 0, -1):
            key = " ".join(t.word for t in toks[i:i + n])
            if key in table:
                return key, n
        return None

    def read(self, name: str, allow_base: bool = True) -> Verdict:
        toks = tokens(name)
        while toks and toks[0].word in self.skip and len(toks) > 1:
            toks = toks[1:]
        if not toks or not any(c.isalpha() for c in toks[0].word):
            return Verdict("ok")
        first = toks[0]
        w = first.word
        if w in self.subjects:
            return self._subject(name, toks, 1, self.window, allow_base)
        if w not in self.not_verbs:
            hit = self._phrase(toks, 0, self.imperative)
            if hit is not None:
                if allow_base:
                    return Verdict("ok")
                key, n = hit
                active = self.imperative[key]
                return Verdict("base", _span(name, toks, 0, n),
                               self._rewrite(name, toks, n, active) if active else None)
            if self.is_active(w):
                return Verdict("ok")
            hit = self._phrase(toks, 0, self.noun)
            if hit is not None:
                key, n = hit
                return Verdict("noun", _span(name, toks, 0, n), self._rewrite(name, toks, n, self.noun[key]))
            if self.noun_pattern.match(w):
                return Verdict("noun", first.text)
            if w in self.passive or self.passive_pattern.match(w):
                return Verdict("passive", first.text,
                               self._from_passive(name, toks, 0) if w in self.passive else None)
        # something else first: an object before a passive verb, a subject not listed, ...
        clean = True   # no clause word ("yang", "untuk", ...) before word i
        for i in range(1, min(len(toks), self.window)):
            wi = toks[i].word
            if wi in self.stop:
                clean = clean and wi in self.conjunctions   # "Berkas dan formulir diperiksa"
                continue
            if wi in self.passive or (self.passive_pattern.match(wi) and wi not in self.imperative):
                hint = self._from_passive(name, toks, i) if clean and wi in self.passive else None
                return Verdict("passive", toks[i].text, hint)
            if clean and i <= 3 and self.is_active(wi, strict=True):
                return self._subject(name, toks, i, i, allow_base)
        return Verdict("not_verb", first.text)

    def _subject(self, name, toks, start, window, allow_base) -> Verdict:
        """Words naming a performer first ("Kepala Dinas menandatangani ..."): the verb after
        them makes the suggestion."""
        limit = min(len(toks), window + 1)
        for strict in (True, False):
            for i in range(start, limit):
                wi = toks[i].word
                if wi in self.stop and wi not in self.conjunctions:
                    break
                if strict and self.is_active(wi, strict=True):
                    return Verdict("subject", _span(name, toks, 0, i), _cap(name[toks[i].start:].strip(), name))
                hit = None if strict else self._phrase(toks, i, self.imperative)
                if hit is not None:
                    key, n = hit
                    active = self.imperative[key]
                    if allow_base:
                        hint = name[toks[i].start:].strip()
                    else:
                        hint = (active + name[toks[i + n - 1].end:]).strip() if active else None
                    return Verdict("subject", _span(name, toks, 0, i), hint and _cap(hint, name))
        whole = len(toks) <= 3
        return Verdict("subject", _span(name, toks, 0, len(toks)) if whole else toks[0].text)

    def _rewrite(self, name, toks, n, active) -> str | None:
        """The name with its first ``n`` words replaced by ``active``; words joined to them
        by "dan"/"serta" that are nouns or base verbs of the lexicon become active too.
        None when such a word is a noun the lexicon cannot turn into a verb."""
        after = toks[n:]
        if after and after[0].word in self.subjects or any(t.word == "oleh" for t in after):
            return None  # "Persetujuan Kepala Dinas", "... oleh petugas": an agent, not an object
        if after and after[0].word in self.modifiers:
            return None  # "Pemeriksaan laboratorium": the next word is no object
        parts = [active]
        pos = toks[n - 1].end
        i = n
        while i < len(toks):
            joined = toks[i].word in self.conjunctions and i + 1 < len(toks)
            if joined or any(c in name[toks[i - 1].end:toks[i].start] for c in self.joiners):
                j = i + 1 if joined else i
                hit = self._phrase(toks, j, self.noun) or self._phrase(toks, j, self.imperative)
                if hit is not None:
                    key, m = hit
                    verb = self.noun.get(key) or self.imperative.get(key)
                    if verb is None:
                        return None
                    parts.append(name[pos:toks[j].start] + verb)
                    pos = toks[j + m - 1].end
                    i = j + m
                    continue
                if self.noun_pattern.match(toks[j].word):
                    return None
            i += 1
        parts.append(name[pos:])
        return _cap("".join(parts).strip(), name)

    def _from_passive(self, name, toks, i) -> str | None:
        """"Berkas diperiksa" -> "Memeriksa berkas"; "Diserahkan kepada pemohon" ->
        "Menyerahkan kepada pemohon". None when an agent may follow the verb ("oleh ...",
        "ditandatangani Kepala Dinas") or the object is more than a noun phrase."""
        rest = toks[i + 1:]
        if any(t.word == "oleh" for t in rest):
            return None
        if rest and rest[0].word in self.subjects:
            return None
        if i > 0 and rest and rest[0].word not in self.tail_words:
            return None
        active = self.passive[toks[i].word]
        obj = name[toks[0].start:toks[i - 1].end] if i > 0 else ""
        tail = name[toks[i].end:].strip()
        if obj and obj[:1].isupper() and obj[1:2].islower():
            obj = obj[0].lower() + obj[1:]
        return _cap(" ".join(x for x in (active, obj, tail) if x), name)


def _norm(text) -> str:
    return re.sub(r"\s+", " ", str(text or "").strip().lower())


def _span(name, toks, i, j) -> str:
    return name[toks[i].start:toks[j - 1].end] if j > i else ""


def _cap(text: str, original: str) -> str:
    if not text:
        return text
    letters = [c for c in original if c.isalpha()]
    if letters and all(c.isupper() for c in letters):
        return text.upper()
    return text[0].upper() + text[1:]


_CACHE: dict[int, tuple[dict, Lexicon]] = {}


def lexicon(params: dict) -> Lexicon:
    """The lexicon of a parameter set, built once per set."""
    hit = _CACHE.get(id(params))
    if hit is not None and hit[0] is params:
        return hit[1]
    lex = Lexicon(params)
    if len(_CACHE) > 16:
        _CACHE.clear()
    _CACHE[id(params)] = (params, lex)
    return lex
