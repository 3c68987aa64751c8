"""The fast accounting helpers give the numbers of the plain ones bit for bit: the closed
office time summed over cases (shares.closed_total) and timedelta's microseconds
(kernel.micro_of)."""
import random
from datetime import timedelta

from validator.sim.kernel import micro_of
from validator.sim.params import office_calendar
from validator.sim.shares import ClockMap, closed_total


def test_closed_total_equals_the_sum_of_closed():
    rng = random.Random(4)
    arrival = sorted(rng.uniform(0, 40000) for _ in range(3000))
    arrival += [450.0, 270.0, 0.0, 2250.0]          # on the borders of opening periods
    finish = [a + rng.choice([0.0, rng.expovariate(1 / 30), rng.expovariate(1 / 3000)])
              for a in arrival]
    cases = [c for c in range(len(arrival)) if c % 7]
    plain = ClockMap(office_calendar())
    want = sum(plain.closed(arrival[c], finish[c])[0] for c in cases)
    got = closed_total(ClockMap(office_calendar()), arrival, finish, cases)
    assert got == want and want > 0
    assert closed_total(ClockMap(office_calendar()), arrival, finish, []) == 0


def test_micro_of_equals_timedelta():
    rng = random.Random(9)
    values = [rng.uniform(0, 1e5) for _ in range(20000)] + [rng.expovariate(1) for _ in range(20000)]
    values += [k / 120_000_000 + j for k in range(400) for j in (0, 1, 450)]   # half microseconds
    values += [0.0, 1440.0, 1e-9, -3.25, -1e-7]
    for v in values:
        td = timedelta(minutes=v)
        assert micro_of(v) == (td.days * 86400 + td.seconds) * 1_000_000 + td.microseconds, v
