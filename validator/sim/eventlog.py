"""The event log of a simulation for process-mining tools: CSV and XES (IEEE 1849).

One record per activity instance (finished, or cancelled by a boundary event or a
terminating end): the case, the activity, its lane (the resource pool), and when it was
enqueued, started and ended. The simulation clock counts working minutes; timestamps are
placed on the working calendar of the map starting at ``start`` (a date and time), so that
a case that waits overnight shows the night. Every replication starts on the same date;
case ids carry the replication (``r2-k15``: replication 2, case 15).

Needs the runs of the simulation: ``simulate(..., keep_runs=True)``.
"""
from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import io
from pathlib import Path
from typing import Iterator

from ..spreadsheet import escape_cell
from .errors import SimulationError
from .results import SimResult

XES_NS = "http://www.xes-standard.org/"
EXTENSIONS = (
    ("Concept", "concept", "http://www.xes-standard.org/concept.xesext"),
    ("Lifecycle", "lifecycle", "http://www.xes-standard.org/lifecycle.xesext"),
    ("Time", "time", "http://www.xes-standard.org/time.xesext"),
    ("Organizational", "org", "http://www.xes-standard.org/org.xesext"),
)
CSV_HEADERS = {
    "id": ["id_kasus", "replikasi", "id_aktivitas", "nama_aktivitas", "lane", "waktu_masuk_antrean",
           "waktu_mulai", "waktu_selesai", "status"],
    "en": ["case_id", "replication", "activity_id", "activity_name", "lane", "enqueue_time",
           "start_time", "end_time", "status"],
}
STATUS = {"id": {0: "selesai", 1: "dibatalkan"}, "en": {0: "complete", 1: "cancelled"}}


@dataclasses.dataclass(frozen=True)
class Record:
    case_id: str
    replication: int
    activity_id: str
    activity_name: str
    lane: str | None
    enqueue: dt.datetime
    start: dt.datetime
    end: dt.datetime
    cancelled: bool


def case_id(replication: int, case: int) -> str:
    """``r{replication}-k{case}``, both counted from 1."""
    return f"r{replication}-k{case + 1}"


def calendar_for(result: SimResult, start: dt.datetime | None = None):
    """The map's working calendar, starting at ``start`` when given (a fresh copy: the
    calendar caches its days)."""
    cal = result.params.calendar
    if start is None:
        start = cal.start
    return dataclasses.replace(cal, start=start, _days=[], _cum=[])


def records(result: SimResult, start: dt.datetime | None = None) -> Iterator[Record]:
    """Every activity instance of every replication, by replication, case, then time."""
    if not result.runs:
        raise SimulationError("SIM-SCENARIO", detail="log peristiwa memerlukan simulasi dengan "
                              "keep_runs=True")
    cal = calendar_for(result, start)
    p = result.params
    lane_names = {lid: lane.name for lid, lane in p.lanes.items()}
    # working minutes -> a datetime, cached: many instances share their times
    cache: dict[float, dt.datetime] = {}

    def when(minutes: float) -> dt.datetime:
        moment = cache.get(minutes)
        if moment is None:
            moment = cache[minutes] = cal.to_datetime(minutes)
        return moment

    for r, run in enumerate(result.runs, start=1):
        rows = [rec for rec in run.log if rec[6] < 2]
        rows.sort(key=lambda rec: (rec[0], rec[4], rec[5]))
        for case, eid, lane, enq, begin, end, status in rows:
            yield Record(case_id(r, case), r, eid, p.names.get(eid, eid),
                         lane_names.get(lane) if lane is not None else None,
                         when(enq), when(begin), when(end), status == 1)
        cache.clear()


def _iso(moment: dt.datetime) -> str:
    return moment.isoformat(timespec="milliseconds")


def write_csv(result: SimResult, target, start: dt.datetime | None = None,
              lang: str = "id") -> int:
    """Write the CSV log to ``target`` (a path or a text stream); returns the row count."""
    status = STATUS["en" if lang == "en" else "id"]
    own = isinstance(target, (str, Path))
    stream = open(target, "w", encoding="utf-8", newline="") if own else target
    try:
        w = csv.writer(stream)
        w.writerow(CSV_HEADERS["en" if lang == "en" else "id"])
        n = 0
        for rec in records(result, start):
            # names come from the map: text a spreadsheet would read as a formula is quoted
            w.writerow([rec.case_id, rec.replication, escape_cell(rec.activity_id),
                        escape_cell(rec.activity_name), escape_cell(rec.lane or ""),
                        _iso(rec.enqueue), _iso(rec.start), _iso(rec.end),
                        status[1 if rec.cancelled else 0]])
            n += 1
        return n
    finally:
        if own:
            stream.close()


def csv_text(result: SimResult, start: dt.datetime | None = None, lang: str = "id") -> str:
    buf = io.StringIO()
    write_csv(result, buf, start, lang)
    return buf.getvalue()


def write_xes(result: SimResult, target, start: dt.datetime | None = None) -> tuple[int, int]:
    """Write the XES log to ``target`` (a path or a binary stream); returns (traces, events).

    Each activity instance gives two events: ``start`` and ``complete`` (``ate_abort`` when
    it was cancelled), ordered by time inside their trace. Written incrementally."""
    from lxml import etree

    traces = events = 0
    with etree.xmlfile(target, encoding="utf-8") as xf:
        xf.write_declaration()
        with xf.element("log", {"xes.version": "1.0", "xes.features": "nested-attributes"},
                        nsmap={None: XES_NS}):
            for name, prefix, uri in EXTENSIONS:
                xf.write(etree.Element("extension", name=name, prefix=prefix, uri=uri))
            for scope, attrs in (("trace", (("string", "concept:name", "__INVALID__"),)),
                                 ("event", (("string", "concept:name", "__INVALID__"),
                                            ("string", "lifecycle:transition", "complete"),
                                            ("date", "time:timestamp", "1970-01-01T00:00:00.000")))):
                g = etree.Element("global", scope=scope)
                for kind, key, value in attrs:
                    etree.SubElement(g, kind, key=key, value=value)
                xf.write(g)
            for cname, keys in (("Aktivitas", "concept:name"),
                                ("Aktivitas dan siklus", "concept:name lifecycle:transition")):
                xf.write(etree.Element("classifier", name=cname, keys=keys))
            xf.write(etree.Element("string", key="concept:name", value=result.params.process_name))
            xf.write(etree.Element("string", key="sim:modelHash", value=result.model_hash))
            xf.write(etree.Element("int", key="sim:seed", value=str(result.seed)))

            current = None
            trace_events: list = []

            def flush():
                nonlocal traces, events
                if current is None:
                    return
                t = etree.Element("trace")
                etree.SubElement(t, "string", key="concept:name", value=current[0])
                etree.SubElement(t, "int", key="sim:replication", value=str(current[1]))
                trace_events.sort(key=lambda e: (e[0], e[1]))
                for moment, order, rec, transition in trace_events:
                    e = etree.SubElement(t, "event")
                    etree.SubElement(e, "string", key="concept:name", value=rec.activity_name)
                    etree.SubElement(e, "string", key="sim:elementId", value=rec.activity_id)
                    etree.SubElement(e, "string", key="lifecycle:transition", value=transition)
                    etree.SubElement(e, "date", key="time:timestamp", value=_iso(moment))
                    if rec.lane:
                        etree.SubElement(e, "string", key="org:resource", value=rec.lane)
                        etree.SubElement(e, "string", key="org:group", value=rec.lane)
                    events += 1
                xf.write(t)
                traces += 1

            for i, rec in enumerate(records(result, start)):
                if current is None or rec.case_id != current[0]:
                    flush()
                    current = (rec.case_id, rec.replication)
                    trace_events = []
                trace_events.append((rec.start, 2 * i, rec, "start"))
                trace_events.append((rec.end, 2 * i + 1, rec, "ate_abort" if rec.cancelled else "complete"))
            flush()
    return traces, events


def write(result: SimResult, path: str | Path, start: dt.datetime | None = None,
          lang: str = "id") -> str:
    """Write the log in the format its suffix names (.csv or .xes); returns a short
    Indonesian (or English) summary. Raises SimulationError for another suffix."""
    suffix = Path(path).suffix.lower()
    if suffix == ".csv":
        n = write_csv(result, str(path), start, lang)
        return (f"log peristiwa: {n} baris aktivitas ditulis ke {path}" if lang != "en" else
                f"event log: {n} activity rows written to {path}")
    if suffix == ".xes":
        traces, events = write_xes(result, str(path), start)
        return (f"log peristiwa: {traces} kasus, {events} peristiwa ditulis ke {path}" if lang != "en"
                else f"event log: {traces} traces, {events} events written to {path}")
    raise SimulationError("SIM-SCENARIO", detail=f"log peristiwa '{path}' harus berakhiran .csv "
                          "atau .xes")
