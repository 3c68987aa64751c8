"""PPB-SOP-004: the mutu baku waktu of an activity is a measurable duration.

A time standard is only a standard when it can be measured and added up:
"30 menit", "2 jam", "1 hari kerja", "1 HK", "1,5 jam" or ISO-8601 "PT30M"
(see :mod:`validator.units` for everything that is read). Words such as
"secepatnya", a bare number and months are reported. PermenPANRB 35/2012
only asks for the time, so a range ("2-3 hari kerja") is accepted (PPB-SOP-005
counts its upper bound) unless ``rentang_diterima`` is false; then the message
proposes the upper bound. Empty values are PPB-SOP-003's finding. A time written as a
"Waktu: ..." line of the activity's documentation is read too (see PPB-SOP-003).
"""
from ...catalog import rule
from ...units import diagnose, parse_range
from ._common import applies, flag_param, mutu


@rule("PPB-SOP-004")
def check(model, ctx):
    if not applies(model, ctx, ("sop",)):
        return
    ranges_ok = flag_param(ctx, "rentang_diterima", True)
    for activity in model.all("Activity"):
        value = mutu(activity, "mutuWaktu")     # the attribute, else a "Waktu: ..." line
        if not value:
            continue
        reason = diagnose(value)
        if reason is None or (reason == "range" and ranges_ok):
            continue
        if reason == "empty":  # "-": written, but no time
            reason = "vague"
        params = {"nilai": value}
        if reason == "range":
            params["atas"] = parse_range(value)[1].text
        ctx.report(activity, reason, **params)
