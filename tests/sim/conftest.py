"""Every simulation test runs under the eval guard (:mod:`tests.sim.evalguard`): no text
taken from a map, and none of the simulator's own branch calls, may reach Python's
``eval``/``exec``/``compile``, and nothing may reach them from SpiffWorkflow's code."""
from .evalguard import guard_fixture  # noqa: F401 - autouse fixture
