"""Strongly connected components: the one implementation the set checks and the simulation
budget share."""
from validator.graphs import strongly_connected


def test_components_in_reverse_topological_order():
    # 0 -> 1 <-> 2 -> 3, 3 -> 3 (a self-loop), 4 alone
    comps = strongly_connected([[1], [2], [1, 3], [3], []])
    assert sorted(map(sorted, comps)) == [[0], [1, 2], [3], [4]]
    order = {v: i for i, comp in enumerate(comps) for v in comp}
    assert order[3] < order[1] < order[0]          # successors come first


def test_a_long_chain_needs_no_recursion():
    n = 50_000
    comps = strongly_connected([[i + 1] for i in range(n - 1)] + [[0]])
    assert len(comps) == 1 and len(comps[0]) == n
