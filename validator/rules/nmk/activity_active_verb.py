"""PPB-NMK-002: an activity is named with an active verb and no subject.

PermenPANRB 35/2012 writes SOP activities as active verbs without a subject
("Memeriksa berkas"): the performer is shown by the lane, and a verb says what
is done. Nouns ("Pemeriksaan berkas"), a performer first ("Petugas memeriksa
berkas") and passive sentences ("Berkas diperiksa") are flagged on the tasks of
cross-functional maps and SOPs, with the active form when it can be derived for
certain from the word lists in the rule's parameters (see ``_words``).
"""
from ...catalog import rule
from ._common import applies, flag_param, list_param
from ._words import lexicon


@rule("PPB-NMK-002")
def check(model, ctx):
    if not applies(model, ctx):
        return
    lex = lexicon(ctx.params)
    allow_base = flag_param(ctx, "allow_base_forms", True)
    seen = set()
    for type_name in list_param(ctx, "element_types"):
        for el in model.all(type_name):
            if el in seen:
                continue
            seen.add(el)
            name = (el.name or "").strip()
            if not name:
                continue  # PPB-NMK-001 asks for a name
            verdict = lex.read(name, allow_base)
            if verdict.kind != "ok":
                key = _KEYS[verdict.kind] + ("_hint" if verdict.hint else "")
                ctx.report(el, key, kata=verdict.word, saran=verdict.hint or "")


# ---------------------------------------------------------------------------

_KEYS = {"noun": "noun", "subject": "subject", "passive": "passive",
         "base": "base_form", "not_verb": "not_verb"}
