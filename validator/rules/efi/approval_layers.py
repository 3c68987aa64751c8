"""PPB-EFI-002: layers of approval on one path.

Initials, signatures, dispositions and approvals stacked one after another
are the classic target of bureaucratic simplification (penyederhanaan
birokrasi). An activity is an approval step when its name contains one of the
``approval_words`` (at the start of a word: "paraf" also finds "paraf
konsep", "persetujuan" also "persetujuannya"). The rule counts the largest
number of approval steps met on one start-to-end path (loops cut; other
activities between them do not break the chain), inside expanded
sub-processes too, and reports it above ``max_approvals``.
"""
import re
from functools import lru_cache

from ...catalog import rule
from ..sop._common import FlowGraph, applies, list_param, number_param, process_nodes

_WORDS = ("persetujuan", "menyetujui", "paraf", "memaraf", "tanda tangan", "tandatangan",
          "menandatangani", "ttd", "disposisi", "mendisposisi", "mengesahkan", "pengesahan",
          "otorisasi", "mengotorisasi", "legalisasi", "melegalisasi", "diparaf", "ditandatangani",
          "disetujui", "disahkan")


@rule("PPB-EFI-002")
def check(model, ctx):
    if not applies(model, ctx, ("lintasFungsi", "sop")):
        return
    words = tuple(w.lower() for w in list_param(ctx, "approval_words", _WORDS))
    if not words:
        return
    pattern = _pattern(words)
    limit = number_param(ctx, "max_approvals", 3)
    # no path holds more approval steps than the map has: below the limit, no path is walked
    if sum(1 for t in model.all("Task") if pattern.search((t.name or "").lower())) <= limit:
        return
    chains = _Chains(model, pattern)
    for process in model.all("Process"):
        if not any("Activity" in n.types for n in process_nodes(process)):
            continue
        count, steps = chains.longest(process)
        if count > limit:
            ctx.report(process, "default", jumlah=int(count), batas=int(limit) if limit == int(limit) else limit,
                       tahap=" → ".join(f"'{t.label}'" for t in steps))


@lru_cache(maxsize=16)     # the same words for every map a validator checks
def _pattern(words: tuple[str, ...]) -> re.Pattern:
    return re.compile(r"(?<!\w)(?:" + "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in words) + ")")


# ---------------------------------------------------------------------------

class _Chains:
    """Approval chains; sub-processes computed once each, innermost first (reverse
    document order), so nesting needs no recursion."""

    def __init__(self, model, pattern):
        self.model = model
        self.pattern = pattern
        self.inner = {}
        for sub in reversed(model.all("SubProcess")):
            self.inner[sub] = self._compute(sub)

    def is_approval(self, node):
        return "Task" in node.types and bool(self.pattern.search((node.name or "").lower()))

    def weight(self, node):
        if self.is_approval(node):
            return 1
        hit = self.inner.get(node)
        return hit[0] if hit is not None else 0

    def longest(self, scope):
        """(approval steps, the approval tasks in path order) on the heaviest path."""
        return self.inner.get(scope) or self._compute(scope)

    def _compute(self, scope):
        total, path = FlowGraph.of(scope, self.model).heaviest_path(self.weight)
        steps = []
        for node in path:
            if self.is_approval(node):
                steps.append(node)
            elif node in self.inner:
                steps.extend(self.inner[node][1])
        return total, steps
