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
                        "The file is not well-formed XML: {detail}."),
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

    def _fmt(self, template: str) -> str:
        return template.format(detail=self.detail, **{k: v for k, v in self.params.items()})

    @property
    def message(self) -> str:
        """Indonesian message."""
        msg = self._fmt(MESSAGES[self.code][0])
        if self.line:
            msg += f" (baris {self.line})"
        return msg

    @property
    def message_en(self) -> str:
        msg = self._fmt(MESSAGES[self.code][1])
        if self.line:
            msg += f" (line {self.line})"
        return msg

    def as_dict(self, lang: str = "id") -> dict:
        out = {"code": self.code, "message": self.message if lang == "id" else self.message_en}
        if self.line:
            out["line"] = self.line
        return out


def _rebuild(code: str, detail: str, line: int | None, params: dict) -> BpmnReadError:
    return BpmnReadError(code, detail, line, **params)
