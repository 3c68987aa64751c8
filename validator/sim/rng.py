"""Random streams: one per purpose, from a stable hash of the seed and the element id.

Python's ``hash()`` changes between runs and the wall clock changes between calls, so
neither is used: a stream is a :class:`random.Random` seeded with the first 8 bytes of a
BLAKE2b digest of ``"<seed>|<purpose>|<key>"``. Every task, gateway, timer and start event
draws from its own stream, so a what-if scenario that changes one task leaves the random
numbers of every other element as they were.
"""
from __future__ import annotations

import hashlib
import random


def stream_seed(seed: int, purpose: str, key: str) -> int:
    digest = hashlib.blake2b(f"{seed}|{purpose}|{key}".encode("utf-8"), digest_size=8).digest()
    return int.from_bytes(digest, "big")


def stream(seed: int, purpose: str, key: str) -> random.Random:
    """The random stream of ``purpose`` ("arrival", "task", "gateway", "timer") for ``key``."""
    return random.Random(stream_seed(seed, purpose, key))
