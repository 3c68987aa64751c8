"""Regular expressions compiled the first time they are used.

Every ``ppb`` process imports every rule module at start (the catalog names them all), and
compiling a module's patterns there costs each process its share of about ten
milliseconds, also for runs that never meet what the pattern looks for (a folder of maps
without a single SOP time). A :class:`LazyPattern` stands in for the compiled pattern at
module level; its first use compiles it and keeps the compiled pattern's methods in slots,
so that every later ``PATTERN.search(text)`` costs what the compiled pattern's does.
It is for patterns used through their methods only (``re.sub(PATTERN, ...)`` wants a real
pattern).
"""
from __future__ import annotations

import re

_METHODS = ("search", "match", "fullmatch", "sub", "subn", "split", "findall", "finditer",
            "pattern", "flags", "groups", "groupindex")


class LazyPattern:
    __slots__ = ("_args", *_METHODS)

    def __init__(self, pattern: str | bytes, flags: int = 0) -> None:
        self._args = (pattern, flags)

    def __getattr__(self, name: str):  # noqa: ANN204 - only reached while a slot is empty
        if name not in _METHODS:
            raise AttributeError(name)
        compiled = re.compile(*self._args)
        for attr in _METHODS:
            setattr(self, attr, getattr(compiled, attr))
        return getattr(compiled, name)

    def __repr__(self) -> str:
        return f"LazyPattern({self._args[0]!r})"


def lazy_re(pattern: str | bytes, flags: int = 0) -> LazyPattern:
    """``re.compile(pattern, flags)``, compiled on first use."""
    return LazyPattern(pattern, flags)
