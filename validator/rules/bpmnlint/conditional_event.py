"""conditional-event: a conditional event in an executable process has a condition.

Without a condition the engine cannot tell when the event fires. Only
processes marked executable are checked, as in bpmnlint.
"""
from ...catalog import rule


@rule("conditional-event")
def check(model, ctx):
    for event in model.all("Event"):
        definition = _conditional_definition(event)
        if definition is None or not _in_executable_process(event):
            continue
        if not definition.condition:
            ctx.report(event)


# ---------------------------------------------------------------------------

def _conditional_definition(event):
    for definition in event.event_definitions:
        if "ConditionalEventDefinition" in definition.types:
            return definition
    return None


def _in_executable_process(el):
    process = el.find_parent("Process")
    # bpmn-moddle reads a boolean as true only when it is written exactly "true"
    return process is not None and process.attrs.get("isExecutable") == "true"
