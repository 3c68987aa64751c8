"""Errors of a plan file: one PlanError carrying every problem found, each with a stable code."""
from __future__ import annotations

from dataclasses import dataclass

# code -> (Indonesian, English) templates for the whole-file error.
MESSAGES: dict[str, tuple[str, str]] = {
    "FILE_NOT_FOUND": ("Berkas rencana tidak ditemukan: {detail}.", "Plan file not found: {detail}."),
    "FILE_UNREADABLE": ("Berkas rencana tidak dapat dibaca: {detail}.",
                        "Plan file cannot be read: {detail}."),
    "TOO_LARGE": ("Berkas rencana terlalu besar ({detail}); batas ukurannya {limit}.",
                  "Plan file is too large ({detail}); the size limit is {limit}."),
    "EMPTY": ("Berkas rencana kosong.", "The plan file is empty."),
    "SYNTAX": ("Berkas rencana bukan {detail} yang sah.", "The plan file is not valid {detail}."),
    "INVALID": ("Berkas rencana memuat {count} kesalahan.", "The plan file has {count} error(s)."),
}


@dataclass(frozen=True, slots=True)
class Problem:
    """One bad value. ``path`` is like ``rpjmd.sasaran[2].indikator[0].target`` ('' = file).

    Stable codes: MISSING (required key absent or empty), WRONG_TYPE, DUPLICATE_ID (an id,
    code or target year used twice), BAD_YEAR (a target year that is not four digits),
    BAD_VALUE (e.g. a malformed periode), EMPTY, and the file-level codes of PlanError.
    """
    code: str
    path: str
    message: str        # Indonesian, without the path
    message_en: str

    def __str__(self) -> str:
        return f"{self.path}: {self.message}" if self.path else self.message

    @property
    def text_en(self) -> str:
        return f"{self.path}: {self.message_en}" if self.path else self.message_en


class PlanError(Exception):
    """A plan file that could not become a Plan.

    ``code`` is stable (FILE_NOT_FOUND, FILE_UNREADABLE, TOO_LARGE, EMPTY, SYNTAX, INVALID);
    ``problems`` lists every bad value found (INVALID) or the one file-level problem.
    """

    def __init__(self, code: str, problems: list[Problem] | tuple[Problem, ...] = (),
                 detail: str = "", source: str = "", **params: object) -> None:
        self.code = code
        self.problems = tuple(problems)
        self.detail = detail
        self.source = source
        self.params = params
        super().__init__(self.message_en)

    def __reduce__(self):
        return (_rebuild, (self.code, self.problems, self.detail, self.source, self.params))

    def _head(self, lang: int) -> str:
        return MESSAGES[self.code][lang].format(detail=self.detail, count=len(self.problems),
                                                **self.params)

    @property
    def message(self) -> str:
        """Indonesian message, every problem on its own line."""
        return "\n".join([self._head(0)] + [f"- {p}" for p in self.problems])

    @property
    def message_en(self) -> str:
        return "\n".join([self._head(1)] + [f"- {p.text_en}" for p in self.problems])


def _rebuild(code, problems, detail, source, params):
    return PlanError(code, problems, detail, source, **params)
