# cython: language_level=3, boundscheck=False, wraparound=False, initializedcheck=False
"""The main loop of :func:`validator.sim.compiled.run_fast` in C, for the maps whose token
game between two activities never depends on the case (every activity is followed by the
same activities, or by one exclusive gateway with probabilities whose every branch is), with
no event log: most service maps. A step meter (the server's work budget) is charged each
activation's steps, as the Python loop's walk charges them.

It is the Python loop of ``run_fast`` event for event, on C data: events in a binary heap of
structs ordered by (time, sequence number), which is the order of the Python loop's heap and
its queue of waits; a running case's sums in a slot of a table instead of a list; the office
calendar's table of days in arrays. It draws the same random numbers from the same
:class:`random.Random` streams (through their Python methods) in the same order, computes
every sum with the same floating-point operations in the same order, and so gives the
Python loop's numbers bit for bit; ``tests/sim/test_compiled_speedpath.py`` compares the
two. A case that would reach the step cap makes :func:`run` return None before the end:
the caller then restores the random streams and runs the Python loop, which cuts the case
as the general kernel does.

Built by ``make`` (``tools/build_cloop.py``, with Cython); without a build, or with a build
of another version of this file, :mod:`validator.sim.compiled` runs its Python loop.
"""
from libc.math cimport log, modf
from libc.stdlib cimport free, malloc, realloc
from libc.string cimport memset

cdef long long DAY_US = 86400000000LL

cdef struct Event:
    double t
    long long seq
    int node
    long long case_
    double enq
    double start
    int slot


cdef struct Waiting:
    long long case_
    int node
    double enq
    int slot


cdef inline bint _before(Event *a, Event *b) noexcept nogil:
    return a.t < b.t or (a.t == b.t and a.seq < b.seq)


cdef class _Heap:
    cdef Event *items
    cdef Py_ssize_t n, cap

    def __cinit__(self):
        self.cap = 1024
        self.n = 0
        self.items = <Event *> malloc(self.cap * sizeof(Event))
        if self.items == NULL:
            raise MemoryError()

    def __dealloc__(self):
        free(self.items)

    cdef int push(self, Event e) except -1:
        cdef Py_ssize_t i, parent
        cdef Event *grown
        if self.n == self.cap:
            grown = <Event *> realloc(self.items, 2 * self.cap * sizeof(Event))
            if grown == NULL:
                raise MemoryError()
            self.items = grown
            self.cap *= 2
        i = self.n
        self.n += 1
        while i > 0:
            parent = (i - 1) >> 1
            if _before(&e, &self.items[parent]):
                self.items[i] = self.items[parent]
                i = parent
            else:
                break
        self.items[i] = e
        return 0

    cdef Event pop(self) noexcept:
        cdef Event top = self.items[0]
        cdef Event last
        cdef Py_ssize_t i = 0, child, n
        self.n -= 1
        n = self.n
        if n > 0:
            last = self.items[n]
            while True:
                child = 2 * i + 1
                if child >= n:
                    break
                if child + 1 < n and _before(&self.items[child + 1], &self.items[child]):
                    child += 1
                if _before(&self.items[child], &last):
                    self.items[i] = self.items[child]
                    i = child
                else:
                    break
            self.items[i] = last
        return top


cdef class _Queue:
    """A lane's FIFO of activities waiting for a person."""
    cdef Waiting *items
    cdef Py_ssize_t head, n, cap

    def __cinit__(self):
        self.cap = 256
        self.head = 0
        self.n = 0
        self.items = <Waiting *> malloc(self.cap * sizeof(Waiting))
        if self.items == NULL:
            raise MemoryError()

    def __dealloc__(self):
        free(self.items)

    cdef int push(self, Waiting w) except -1:
        cdef Waiting *grown
        cdef Py_ssize_t k
        if self.n == self.cap:
            grown = <Waiting *> malloc(2 * self.cap * sizeof(Waiting))
            if grown == NULL:
                raise MemoryError()
            for k in range(self.n):
                grown[k] = self.items[(self.head + k) % self.cap]
            free(self.items)
            self.items = grown
            self.head = 0
            self.cap *= 2
        self.items[(self.head + self.n) % self.cap] = w
        self.n += 1
        return 0

    cdef Waiting pop(self) noexcept:
        cdef Waiting w = self.items[self.head]
        self.head = (self.head + 1) % self.cap
        self.n -= 1
        return w


class _Unsupported(Exception):
    """A number outside what this loop computes in C (the Python loop takes the run)."""


cdef class _Calendar:
    """``kernel.elapsed_adder``'s ``add`` on C arrays: the working minute at each day's start
    and each day's opening periods, grown by asking Python for more days (``read_day(i)``
    gives day i's periods and their sum, computed as the Python table computes them)."""
    cdef double *cum              # working minute at the start of day i (n_days + 1 values)
    cdef Py_ssize_t *first        # index of day i's first period (n_days + 1 values)
    cdef double *pa
    cdef double *pb
    cdef Py_ssize_t n_days, cap_days, n_periods, cap_periods
    cdef object read_day, refuse

    def __cinit__(self, read_day, refuse):
        self.read_day = read_day
        self.refuse = refuse
        self.cap_days = 256
        self.cap_periods = 1024
        self.cum = <double *> malloc((self.cap_days + 1) * sizeof(double))
        self.first = <Py_ssize_t *> malloc((self.cap_days + 1) * sizeof(Py_ssize_t))
        self.pa = <double *> malloc(self.cap_periods * sizeof(double))
        self.pb = <double *> malloc(self.cap_periods * sizeof(double))
        if not (self.cum and self.first and self.pa and self.pb):
            raise MemoryError()
        self.cum[0] = 0.0
        self.first[0] = 0
        self.n_days = 0
        self.n_periods = 0

    def __dealloc__(self):
        free(self.cum)
        free(self.first)
        free(self.pa)
        free(self.pb)

    cdef int _day(self) except -1:
        cdef object hours, total
        cdef Py_ssize_t k
        hours, total = self.read_day(self.n_days)
        if self.n_days + 1 >= self.cap_days:
            self.cap_days *= 2
            self.cum = <double *> realloc(self.cum, (self.cap_days + 1) * sizeof(double))
            self.first = <Py_ssize_t *> realloc(self.first, (self.cap_days + 1) * sizeof(Py_ssize_t))
            if not (self.cum and self.first):
                raise MemoryError()
        while self.n_periods + len(hours) > self.cap_periods:
            self.cap_periods *= 2
            self.pa = <double *> realloc(self.pa, self.cap_periods * sizeof(double))
            self.pb = <double *> realloc(self.pb, self.cap_periods * sizeof(double))
            if not (self.pa and self.pb):
                raise MemoryError()
        for k in range(len(hours)):
            self.pa[self.n_periods] = hours[k][0]
            self.pb[self.n_periods] = hours[k][1]
            self.n_periods += 1
        self.cum[self.n_days + 1] = self.cum[self.n_days] + <double> total
        self.n_days += 1
        self.first[self.n_days] = self.n_periods
        return 0

    cdef int grow(self, double upto_minutes, Py_ssize_t upto_day) except -1:
        cdef Py_ssize_t guard = 0
        while self.cum[self.n_days] <= upto_minutes or self.n_days <= upto_day:
            for _ in range(64):                  # kernel.TABLE_CHUNK days at a time
                self._day()
            guard += 64
            if guard > 200000 and self.cum[self.n_days] <= upto_minutes:
                self.refuse(upto_minutes, 0.0)
                return 0
        return 0

    cdef long long micro(self, double minutes) except? -1:
        cdef double whole = 0.0, frac, us = 0.0, rest
        cdef long long x
        if minutes < 0.0 or minutes != minutes or minutes > 1e11:
            raise _Unsupported()
        frac = modf(minutes, &whole)
        x = <long long> whole * 60000000LL
        if frac == 0.0:
            return x
        rest = modf(frac * 60000000.0, &us)
        x += <long long> us
        if rest > 0.5 or (rest == 0.5 and (x & 1)):
            x += 1
        return x

    cdef double add(self, double now, double elapsed) except? -1.0:
        cdef Py_ssize_t lo, hi, mid, i, j, k
        cdef double left, m, t, base, a, b
        cdef long long at, gap, moment, rest, sec
        if self.cum[self.n_days] <= now:
            self.grow(now, 0)
        lo = 0                               # bisect_right(cum, now) - 1 over n_days + 1 values
        hi = self.n_days + 1
        while lo < hi:
            mid = (lo + hi) >> 1
            if now < self.cum[mid]:
                hi = mid
            else:
                lo = mid + 1
        i = lo - 1
        left = now - self.cum[i]
        at = DAY_US
        for k in range(self.first[i], self.first[i + 1]):
            a = self.pa[k]
            b = self.pb[k]
            if left <= b - a:
                m = a + left
                if 0.0 <= m <= 2880.0:
                    at = self.micro(m)
                else:
                    raise _Unsupported()
                break
            left -= b - a
        gap = self.micro(elapsed)
        moment = i * DAY_US + at + gap
        j = moment // DAY_US                 # Python's floor division (cdivision is off)
        rest = moment - j * DAY_US
        if j < 0:
            return 0.0 if 0.0 > now else now
        if j >= self.n_days:
            self.grow(self.cum[self.n_days], j)
        sec = rest // 1000000
        t = <double> (sec // 60) + <double> (sec % 60) / 60.0
        base = self.cum[j]
        for k in range(self.first[j], self.first[j + 1]):
            a = self.pa[k]
            b = self.pb[k]
            if t <= a:
                return base if base > now else now
            if t <= b:
                m = base + (t - a)
                return m if m > now else now
            base += b - a
        return base if base > now else now


cdef class _Slots:
    """The sums of running cases: one row of ``width`` numbers per slot (the Python loop's
    list ``acc`` from index GROUPS on), its touched groups in order, steps and live tokens."""
    cdef double *sums
    cdef int *touched
    cdef int *n_touched
    cdef long long *steps
    cdef long long *live
    cdef double *queue
    cdef double *proc
    cdef int *free_list
    cdef Py_ssize_t width, groups, cap, n_free, used

    def __cinit__(self, Py_ssize_t width, Py_ssize_t groups):
        self.width = width
        self.groups = groups if groups > 0 else 1
        self.cap = 0
        self.n_free = 0
        self.used = 0
        self.sums = NULL
        self.touched = NULL
        self.n_touched = NULL
        self.steps = NULL
        self.live = NULL
        self.queue = NULL
        self.proc = NULL
        self.free_list = NULL
        self._grow()

    def __dealloc__(self):
        free(self.sums)
        free(self.touched)
        free(self.n_touched)
        free(self.steps)
        free(self.live)
        free(self.queue)
        free(self.proc)
        free(self.free_list)

    cdef int _grow(self) except -1:
        cdef Py_ssize_t cap = self.cap * 2 if self.cap else 1024
        self.sums = <double *> realloc(self.sums, cap * self.width * sizeof(double))
        self.touched = <int *> realloc(self.touched, cap * self.groups * sizeof(int))
        self.n_touched = <int *> realloc(self.n_touched, cap * sizeof(int))
        self.steps = <long long *> realloc(self.steps, cap * sizeof(long long))
        self.live = <long long *> realloc(self.live, cap * sizeof(long long))
        self.queue = <double *> realloc(self.queue, cap * sizeof(double))
        self.proc = <double *> realloc(self.proc, cap * sizeof(double))
        self.free_list = <int *> realloc(self.free_list, cap * sizeof(int))
        if not (self.sums and self.touched and self.n_touched and self.steps and self.live
                and self.queue and self.proc and self.free_list):
            raise MemoryError()
        self.cap = cap
        return 0

    cdef int take(self) except -1:
        cdef int s
        if self.n_free:
            self.n_free -= 1
            s = self.free_list[self.n_free]
        else:
            if self.used == self.cap:
                self._grow()
            s = <int> self.used
            self.used += 1
        memset(&self.sums[s * self.width], 0, self.width * sizeof(double))
        self.n_touched[s] = 0
        self.steps[s] = 0
        self.live[s] = 0
        self.queue[s] = 0.0
        self.proc[s] = 0.0
        return s

    cdef void give(self, int s) noexcept:
        self.free_list[self.n_free] = s
        self.n_free += 1


cdef inline double _draw(int code, double a, double b, object rnd, object sampler, object rng) except? -1.0:
    cdef double v
    if code == 2:
        return -log(1.0 - <double> rnd()) / a
    if code == 1:
        return a
    if code == 3:
        return a + b * <double> rnd()
    if code == 4:
        v = rnd(a, b)
        return v if v > 0.0 else 0.0
    return sampler(rng)


def run(dict spec, double[:] queue_case, double[:] proc_case):
    """The loop; ``spec`` holds the tables ``run_fast`` built (see there). Returns the
    run's outcome as a dict, or None when a case would reach the step cap."""
    cdef Py_ssize_t n_nodes = spec["n_nodes"]
    cdef long long cases = spec["cases"]
    cdef long long warmup = spec["warmup"]
    cdef long long cap = spec["cap"]
    cdef long long limit = spec["limit"]
    cdef Py_ssize_t GROUPS = spec["groups_at"]
    cdef Py_ssize_t width = spec["width"]
    cdef Py_ssize_t n_lanes = len(spec["capacity"])
    cdef list draw = spec["draw"]
    cdef list lane_no_l = spec["lane_no"], is_wait_l = spec["is_wait"]
    cdef list elem_base_l = spec["elem_base"], lane_base_l = spec["lane_base"]
    cdef list fixed_l = spec["fixed"], gate_l = spec["gate"]
    cdef object closed = spec["closed"]
    cdef object meter = spec["meter"]
    cdef object too_many = spec["too_many"]
    cdef object arrivals = spec["arrivals"], arrival_rng = spec["arrival_rng"]
    cdef object a_rnd = spec["a_rnd"]
    cdef int a_code = spec["a_code"]
    cdef double a_a = spec["a_a"], a_b = spec["a_b"]
    cdef bint arrival_calendar = spec["arrival_calendar"]
    cdef object calendar_spec = spec["calendar"]
    cdef _Calendar calendar = None
    cdef bint closed_none = closed is None
    cdef double p_lo = spec["p_lo"], p_hi = spec["p_hi"]
    cdef Py_ssize_t node, n2, k, b, q, idx
    cdef int code, slot
    cdef long long case_, seq = 0, events = 0, done_steps = 0, n_fixed, rest, n_new
    cdef double t = 0.0, d, proc, wait, lo, u, t0
    cdef Event e, ev
    cdef Waiting w
    cdef _Heap heap = _Heap()
    cdef _Slots slots
    cdef list queues
    cdef _Queue queue
    cdef object new_nodes, out_h

    # per node tables in C
    cdef int *lane_no = <int *> malloc(n_nodes * sizeof(int))
    cdef char *is_wait = <char *> malloc(n_nodes)
    cdef char *hit = <char *> malloc(n_nodes)
    cdef int *codes = <int *> malloc(n_nodes * sizeof(int))
    cdef double *da = <double *> malloc(n_nodes * sizeof(double))
    cdef double *db = <double *> malloc(n_nodes * sizeof(double))
    cdef char *on_clock = <char *> malloc(n_nodes)
    cdef int *elem_base = <int *> malloc(n_nodes * sizeof(int))
    cdef int *lane_base = <int *> malloc(n_nodes * sizeof(int))
    cdef char *fixed = <char *> malloc(n_nodes)
    cdef long long *fixed_n = <long long *> malloc(n_nodes * sizeof(long long))
    cdef long long *gate_n = <long long *> malloc(n_nodes * sizeof(long long))
    cdef long long *capacity = <long long *> malloc((n_lanes + 1) * sizeof(long long))
    cdef long long *busy = <long long *> malloc((n_lanes + 1) * sizeof(long long))
    cdef double *lane_busy = <double *> malloc((n_lanes + 1) * sizeof(double))
    cdef double *arrival_t = <double *> malloc((cases + 1) * sizeof(double))
    cdef double *finish = <double *> malloc((cases + 1) * sizeof(double))
    cdef double *totals = <double *> malloc(width * sizeof(double))
    cdef int *first_counted = <int *> malloc((width + 1) * sizeof(int))
    cdef Py_ssize_t n_first = 0, uncounted = (width - GROUPS) // 4
    cdef list rnds = [None] * n_nodes, samplers = [None] * n_nodes, rngs = [None] * n_nodes
    cdef list fixed_new = [None] * n_nodes, gates = [None] * n_nodes
    cdef Py_ssize_t n_arrived = 0
    cdef double nan = float("nan")
    cdef object result = None
    cdef tuple way, gate
    try:
        if not (lane_no and is_wait and hit and codes and da and db and on_clock and elem_base
                and lane_base and fixed and fixed_n and gate_n and capacity and busy and lane_busy
                and arrival_t and finish and totals and first_counted):
            raise MemoryError()          # (the finally below frees what was allocated)
        if calendar_spec is not None:
            calendar = _Calendar(*calendar_spec)
        for node in range(n_nodes):
            lane_no[node] = lane_no_l[node]
            is_wait[node] = is_wait_l[node]
            hit[node] = 0
            code, da[node], db[node], rnds[node], samplers[node], rngs[node], on_clock[node] = draw[node]
            codes[node] = code
            elem_base[node] = elem_base_l[node]
            lane_base[node] = lane_base_l[node]
            fixed[node] = fixed_l[node] is not None
            if fixed[node]:
                fixed_n[node], fixed_new[node] = fixed_l[node]
            gates[node] = gate_l[node]
            gate_n[node] = gate_l[node][0] if gate_l[node] is not None else 0
            if calendar is None:          # 24jam: the Python loop's add is t + d
                on_clock[node] = 0
        if calendar is None:
            arrival_calendar = False
        for k in range(n_lanes):
            capacity[k] = spec["capacity"][k]
            busy[k] = 0
            lane_busy[k] = 0.0
        for k in range(width):
            totals[k] = 0.0
        queues = [_Queue() for _ in range(n_lanes)]
        slots = _Slots(width, (width - GROUPS) // 4)
        start_n, start_new = spec["start"]
        t0 = float("inf")

        # the first arrival
        if a_code == 2:
            d = -log(1.0 - <double> a_rnd()) / a_a
        elif a_code == 1:
            d = a_a
        elif a_code == 3:
            d = a_a + a_b * <double> a_rnd()
        else:
            d = arrivals(arrival_rng)
        e.t = calendar.add(0.0, d) if arrival_calendar else d
        e.seq = 0
        e.node = -1
        e.case_ = 0
        e.enq = 0.0
        e.start = 0.0
        e.slot = -1
        heap.push(e)
        while heap.n:
            ev = heap.pop()
            t = ev.t
            node = ev.node
            case_ = ev.case_
            slot = ev.slot
            events += 1
            if events > limit:
                too_many(case_)
            if node >= 0:
                k = lane_no[node]
                hit[node] = 1
                if not is_wait[node]:          # Tally.record of a finished activity
                    proc = t - ev.start
                    if k >= 0:
                        if warmup:
                            lo = ev.start if ev.start > t0 else t0
                            if t > lo:
                                lane_busy[k] += t - lo
                        else:
                            lane_busy[k] += proc
                    if case_ >= warmup:
                        wait = ev.start - ev.enq
                        slots.queue[slot] += wait
                        slots.proc[slot] += proc
                        b = lane_base[node]
                        idx = slot * width - GROUPS
                        if b:
                            if not slots.sums[idx + b]:
                                slots.touched[slot * slots.groups + slots.n_touched[slot]] = <int> b
                                slots.n_touched[slot] += 1
                            slots.sums[idx + b] += 1
                            slots.sums[idx + b + 1] += wait
                        b = elem_base[node]
                        if not slots.sums[idx + b]:
                            slots.touched[slot * slots.groups + slots.n_touched[slot]] = <int> b
                            slots.n_touched[slot] += 1
                        slots.sums[idx + b] += 1
                        slots.sums[idx + b + 1] += wait
                        slots.sums[idx + b + 2] += proc
                        if not closed_none and not (p_lo < ev.enq and t <= p_hi):
                            out_h, p_lo, p_hi = closed(ev.enq, t)
                            slots.sums[idx + b + 3] += <double> out_h
                if k >= 0:
                    queue = <_Queue> queues[k]     # the lane takes its next activity (FIFO)
                    if queue.n:
                        w = queue.pop()
                        n2 = w.node
                        seq += 1
                        d = _draw(codes[n2], da[n2], db[n2], rnds[n2], samplers[n2], rngs[n2])
                        e.t = calendar.add(t, d) if on_clock[n2] else t + d
                        e.seq = seq
                        e.node = <int> n2
                        e.case_ = w.case_
                        e.enq = w.enq
                        e.start = t
                        e.slot = w.slot
                        heap.push(e)
                    else:
                        busy[k] -= 1
                if fixed[node]:
                    n_fixed = fixed_n[node]
                    if slots.steps[slot] + n_fixed > cap:
                        return None
                    slots.steps[slot] += n_fixed
                    new_nodes = fixed_new[node]
                else:
                    gate = <tuple> gates[node]
                    if slots.steps[slot] + gate_n[node] > cap:
                        return None
                    u = gate[1]()
                    n_fixed, new_nodes = gate[3]
                    for way in <tuple> gate[2]:
                        if u < <double> way[0]:
                            n_fixed = way[1]
                            new_nodes = way[2]
                            break
                    slots.steps[slot] += n_fixed
                if meter is not None:
                    meter.spend(n_fixed)
                n_new = len(new_nodes)
                if n_new != 1:
                    rest = slots.live[slot] - 1 + n_new
                    if not rest:
                        done_steps += slots.steps[slot]
                        finish[case_] = t
                        if case_ >= warmup:
                            idx = slot * width - GROUPS
                            for q in range(slots.n_touched[slot]):
                                b = slots.touched[slot * slots.groups + q]
                                if uncounted and not totals[b]:
                                    first_counted[n_first] = <int> b
                                    n_first += 1
                                    uncounted -= 1
                                totals[b] += slots.sums[idx + b]
                                totals[b + 1] += slots.sums[idx + b + 1]
                                totals[b + 2] += slots.sums[idx + b + 2]
                                totals[b + 3] += slots.sums[idx + b + 3]
                            queue_case[case_] = slots.queue[slot]
                            proc_case[case_] = slots.proc[slot]
                        slots.give(slot)
                        continue
                    slots.live[slot] = rest
            else:
                arrival_t[case_] = t
                finish[case_] = nan
                n_arrived += 1
                if case_ == warmup:
                    t0 = t
                slot = slots.take()
                if case_ + 1 < cases:
                    seq += 1
                    if a_code == 2:
                        d = -log(1.0 - <double> a_rnd()) / a_a
                    elif a_code == 1:
                        d = a_a
                    elif a_code == 3:
                        d = a_a + a_b * <double> a_rnd()
                    else:
                        d = arrivals(arrival_rng)
                    e.t = calendar.add(t, d) if arrival_calendar else t + d
                    e.seq = seq
                    e.node = -1
                    e.case_ = case_ + 1
                    e.enq = 0.0
                    e.start = 0.0
                    e.slot = -1
                    heap.push(e)
                slots.steps[slot] = start_n
                new_nodes = start_new
                if meter is not None:
                    meter.spend(start_n)
                if not new_nodes:
                    done_steps += slots.steps[slot]
                    finish[case_] = t
                    if case_ >= warmup:
                        queue_case[case_] = 0.0
                        proc_case[case_] = 0.0
                    slots.give(slot)
                    continue
                slots.live[slot] = len(new_nodes)
            for n2 in new_nodes:
                code = codes[n2]
                if is_wait[n2]:
                    d = _draw(code, da[n2], db[n2], rnds[n2], samplers[n2], rngs[n2])
                    seq += 1
                    e.t = calendar.add(t, d) if on_clock[n2] else t + d
                    e.seq = seq
                    e.node = <int> n2
                    e.case_ = case_
                    e.enq = t
                    e.start = t
                    e.slot = slot
                    heap.push(e)
                    continue
                k = lane_no[n2]
                if k >= 0:
                    if busy[k] >= capacity[k]:
                        w.case_ = case_
                        w.node = <int> n2
                        w.enq = t
                        w.slot = slot
                        (<_Queue> queues[k]).push(w)
                        continue
                    busy[k] += 1
                seq += 1
                d = _draw(code, da[n2], db[n2], rnds[n2], samplers[n2], rngs[n2])
                e.t = calendar.add(t, d) if on_clock[n2] else t + d
                e.seq = seq
                e.node = <int> n2
                e.case_ = case_
                e.enq = t
                e.start = t
                e.slot = slot
                heap.push(e)
        counts = set(range(GROUPS, width, 4))
        result = {
            "t": t, "events": events, "done_steps": done_steps,
            "arrival": [arrival_t[q] for q in range(n_arrived)],
            "finish": [None if finish[q] != finish[q] else finish[q] for q in range(n_arrived)],
            "hit": [bool(hit[q]) for q in range(n_nodes)],
            "lane_busy": [lane_busy[q] for q in range(n_lanes)],
            "totals": [int(totals[q]) if q in counts else totals[q] for q in range(width)],
            "first_counted": [first_counted[q] for q in range(n_first)],
            "t0": t0, "p_lo": p_lo, "p_hi": p_hi,
        }
        return result
    except _Unsupported:
        return None
    finally:
        free(lane_no)
        free(is_wait)
        free(hit)
        free(codes)
        free(da)
        free(db)
        free(on_clock)
        free(elem_base)
        free(lane_base)
        free(fixed)
        free(fixed_n)
        free(gate_n)
        free(capacity)
        free(busy)
        free(lane_busy)
        free(arrival_t)
        free(finish)
        free(totals)
        free(first_counted)
