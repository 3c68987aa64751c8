"""Errors a file can end in instead of a model, each with a stable code."""
from __future__ import annotations

# code -> (Indonesian message, English message); {detail} is filled in.
MESSAGES: dict[str, tuple[str, str]] = {
    "FILE_NOT_FOUND": ("Berkas tidak ditemukan: {detail}.", "File not found: {detail}."),
    "FILE_UNREADABLE": ("Berkas tidak dapat dibaca: {detail}.", "File cannot be read: {detail}."),
    "EMPTY": ("Berkas kosong; tidak ada isi XML yang dapat diperiksa.",
              "The file is empty; there is no XML to check."),
    "TOO_LARGE": ("Berkas terlalu besar ({detail}); batas ukuran berkas adalah {limit}.",
                  "The file is too large ({detail}); the size limit is {limit}."),
    "FORBIDDEN_DTD": ("Berkas memuat deklarasi DTD/ENTITY yang tidak diizinkan demi keamanan; "
                      "simpan ulang dari pemodel BPMN tanpa DOCTYPE.",
                      "The file contains a DTD/ENTITY declaration, which is not allowed for safety; "
                      "save it again from a BPMN modeler without a DOCTYPE."),
    "NOT_WELL_FORMED": ("Berkas bukan XML yang utuh (well-formed): {detail}.",
                        "The file is not well-formed XML: {detail_en}."),
    "NOT_BPMN": ("Berkas bukan BPMN 2.0: elemen akar adalah <{detail}>, seharusnya "
                 "<bpmn:definitions> dengan namespace http://www.omg.org/spec/BPMN/20100524/MODEL.",
                 "The file is not BPMN 2.0: the root element is <{detail}>, expected "
                 "<bpmn:definitions> in namespace http://www.omg.org/spec/BPMN/20100524/MODEL."),
    "INTERNAL": ("Berkas tidak dapat diproses karena kesalahan internal validator ({detail}); "
                 "mohon laporkan berkas ini kepada pengembang.",
                 "The file could not be processed because of an internal validator error ({detail}); "
                 "please report this file to the developers."),
    "TOO_COMPLEX": ("Berkas terlalu rumit untuk dibaca dengan aman: {detail}.",
                    "The file is too complex to read safely: {detail}."),
}

# TOO_COMPLEX details by the parser limit that was crossed (see validator.parser.ParseLimits):
# (Indonesian, English). {found} and {limit} are numbers written the way each language
# writes them; {found} may read "more than N" when counting stopped at the limit.
LIMIT_DETAILS: dict[str, tuple[str, str]] = {
    "attributes": ("{where} memuat {found} atribut; batasnya {limit} atribut per elemen",
                   "{where} has {found} attributes; the limit is {limit} attributes per element"),
    "namespaces": ("berkas mendeklarasikan {found} namespace berbeda; batasnya {limit} "
                   "namespace per berkas",
                   "the file declares {found} different namespaces; the limit is {limit} "
                   "namespaces per file"),
    "elements": ("berkas memuat {found} elemen; batasnya {limit} elemen per berkas",
                 "the file has {found} elements; the limit is {limit} elements per file"),
    "depth": ("{where} bersarang {found} tingkat; batasnya {limit} tingkat",
              "{where} is nested {found} levels deep; the limit is {limit} levels"),
    "text_bytes": ("{where} berukuran {found} byte; batasnya {limit} byte per teks",
                   "{where} is {found} bytes long; the limit is {limit} bytes per text"),
}
# words that stand in {where} or {found}: (Indonesian, English)
_WORDS = {
    "more": ("lebih dari {n}", "more than {n}"),
    "el": ("elemen {el}", "element {el}"),
    "some_element": ("sebuah elemen", "an element"),
    "text": ("teks di dalam {el}", "the text inside {el}"),
    "attr": ("nilai atribut {attr} pada {el}", "the value of attribute {attr} on {el}"),
    "some_text": ("sebuah teks atau nilai atribut", "a text or an attribute value"),
}


def _number(n: int, lang: int) -> str:
    """100000 -> '100.000' (Indonesian) or '100,000' (English)."""
    text = f"{n:,}"
    return text.replace(",", ".") if lang == 0 else text


def too_complex(limit_name: str, found: int, limit: int, *, more: bool = False, el: str = "",
                attr: str = "", text: bool = False, line: int | None = None) -> "BpmnReadError":
    """The TOO_COMPLEX error for one crossed parser limit. ``found`` is the count seen
    (with ``more``: counting stopped there, the file has more than that); ``el`` names the
    element (``<bpmn:task id="T">``), ``attr`` an attribute whose value is too long,
    ``text`` that the text inside ``el`` is."""
    return BpmnReadError("TOO_COMPLEX", limit_name, line, limit_name=limit_name, found=found,
                         limit=limit, more=more, el=el, attr=attr, text=text)


def _limit_detail(params: dict, lang: int) -> str:
    def word(key: str, **kw: object) -> str:
        return _WORDS[key][lang].format(**kw)
    found = _number(int(params["found"]), lang)
    if params.get("more"):
        found = word("more", n=found)
    el = word("el", el=params["el"]) if params.get("el") else word("some_element")
    where = el
    if params.get("attr"):
        where = word("attr", attr=params["attr"], el=el)
    elif params.get("text"):
        where = word("text", el=el) if params.get("el") else word("some_text")
    return LIMIT_DETAILS[params["limit_name"]][lang].format(
        where=where, found=found, limit=_number(int(params["limit"]), lang))


class BpmnReadError(Exception):
    """A file that could not become a model. ``code`` is stable; messages are for people."""

    def __init__(self, code: str, detail: str = "", line: int | None = None, **params: object) -> None:
        self.code = code
        self.detail = detail
        self.line = line
        self.params = params
        super().__init__(self.message_en)

    def __reduce__(self):  # picklable, for parallel validation
        return (_rebuild, (self.code, self.detail, self.line, self.params))

    def _fmt(self, template: str, lang: int = 0) -> str:
        params = self.params
        if "limit_name" in params:  # a parser limit: the detail is worded per language
            return template.format(detail=_limit_detail(params, lang))
        return template.format(**{"detail": self.detail, "detail_en": self.detail, **params})

    @property
    def message(self) -> str:
        """Indonesian message."""
        msg = self._fmt(MESSAGES[self.code][0])
        if self.line:
            msg += f" (baris {self.line})"
        return msg

    @property
    def message_en(self) -> str:
        msg = self._fmt(MESSAGES[self.code][1], 1)
        if self.line:
            msg += f" (line {self.line})"
        return msg

    def as_dict(self, lang: str = "id") -> dict:
        out = {"code": self.code, "message": self.message if lang == "id" else self.message_en}
        if self.line:
            out["line"] = self.line
        if "limit_name" in self.params:  # which parser limit, for programs that read the JSON
            out["limit"] = {"name": self.params["limit_name"], "value": self.params["limit"]}
        return out


def _rebuild(code: str, detail: str, line: int | None, params: dict) -> BpmnReadError:
    return BpmnReadError(code, detail, line, **params)
