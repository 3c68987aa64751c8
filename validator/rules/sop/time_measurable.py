"""PPB-SOP-004: the mutu baku waktu of an activity is a measurable duration.

A time standard is only a standard when it can be measured and added up:
"30 menit", "2 jam", "1 hari kerja", "1 HK", "1,5 jam" or ISO-8601 "PT30M"
(see :mod:`validator.units` for everything that is read). Words such as
"secepatnya", a bare number, months, and ranges ("1-2 hari": a standard is
one value; the message proposes the upper bound) are reported. Empty values
are PPB-SOP-003's finding.
"""
from ...catalog import rule
from ...units import diagnose, parse_range
from ._common import applies, ext


@rule("PPB-SOP-004")
def check(model, ctx):
    if not applies(model, ctx, ("sop", "lintasFungsi")):
        return
    for activity in model.all("Activity"):
        value = ext(activity, "mutuWaktu")
        if not value:
            continue
        reason = diagnose(value)
        if reason is None:
            continue
        if reason == "empty":  # "-": written, but no time
            reason = "vague"
        params = {"nilai": value}
        if reason == "range":
            params["atas"] = parse_range(value)[1].text
        ctx.report(activity, reason, **params)
