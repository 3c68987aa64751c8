"""No expression from a map is ever executed by the simulation (issue 11).

Every place BPMN and its Camunda/Zeebe/SpiffWorkflow extensions let a map carry an
expression or a script holds a payload that would create a marker file if anything ran it
(and carries the token ``PPB_PAYLOAD``, which the eval guard of :mod:`tests.sim.evalguard`
refuses). Each map is simulated with the reference engine (SpiffWorkflow), with the
compiled engine and with ``auto``; from the library, from ``ppb simulate`` (in-process and
as a subprocess) and from the server (``POST /api/v1/simulate``, at once and as a job). The
marker file must never appear and the guard must see no map text.
"""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from validator.sim import Scenario, SimulationError, simulate

from ..sim.evalguard import EXIT_VIOLATION, guard_fixture  # noqa: F401 - autouse fixture
from .conftest import seeded_app

ROOT = Path(__file__).resolve().parents[2]

NAMESPACES = (
    'xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" '
    'xmlns:ppb="urn:ppb:permenpanrb-19-2018:1.0" '
    'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
    'xmlns:camunda="http://camunda.org/schema/1.0/bpmn" '
    'xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" '
    'xmlns:spiffworkflow="http://spiffworkflow.org/bpmn/schema/1.0/core" '
    'xmlns:bpsim="http://www.bpsim.org/schemas/2.0" '
    'xmlns:jahat="urn:jahat"')
PROC = 'ppb:kalender="24jam" ppb:kedatangan="6/jam"'
FE = 'xsi:type="bpmn:tFormalExpression"'


def doc(body: str, before: str = "", after: str = "") -> str:
    return (f'<?xml version="1.0" encoding="UTF-8"?>\n<bpmn:definitions {NAMESPACES} id="D" '
            f'targetNamespace="urn:uji">\n{before}\n{body}\n{after}\n</bpmn:definitions>\n')


def proc(inner: str, pid: str = "P", attrs: str = PROC) -> str:
    return f'<bpmn:process id="{pid}" name="Uji" isExecutable="true" {attrs}>\n{inner}\n</bpmn:process>'


def flow(fid: str, src: str, tgt: str, extra: str = "", inner: str = "") -> str:
    return f'<bpmn:sequenceFlow id="{fid}" sourceRef="{src}" targetRef="{tgt}" {extra}>{inner}</bpmn:sequenceFlow>'


def task(tid: str, inner: str = "", tag: str = "task", extra: str = "") -> str:
    return f'<bpmn:{tag} id="{tid}" name="Kerja {tid}" ppb:durasi="5 menit" {extra}>{inner}</bpmn:{tag}>'


def line(*nodes: str) -> str:
    """S -> nodes... -> E, flows f0, f1, ..."""
    ids = ["S", *nodes, "E"]
    return "\n".join(flow(f"f{i}", a, b) for i, (a, b) in enumerate(zip(ids, ids[1:])))


START = '<bpmn:startEvent id="S" name="Mulai"/>'
END = '<bpmn:endEvent id="E" name="Selesai"/>'
TERMINATE = '<bpmn:endEvent id="E" name="Selesai"><bpmn:terminateEventDefinition/></bpmn:endEvent>'


def carriers(p: str) -> dict[str, tuple[str, tuple[str, ...]]]:
    """Carrier name -> (map, error codes the simulation may answer instead of a result).
    ``p`` is the payload: a Python expression (and statement) that writes the marker."""
    c: dict[str, tuple[str, tuple[str, ...]]] = {}
    cond = f'<bpmn:conditionExpression {FE}>{p}</bpmn:conditionExpression>'
    c["condition-exclusive"] = (doc(proc(
        START + '<bpmn:exclusiveGateway id="X" default="fb"/>' + task("A") + task("B") + END
        + flow("f0", "S", "X") + flow("fa", "X", "A", 'ppb:peluang="0.5"', cond)
        + flow("fb", "X", "B", 'ppb:peluang="0.5"', cond)
        + flow("f2", "A", "E") + flow("f3", "B", "E"))), ())
    c["condition-inclusive"] = (doc(proc(
        START + '<bpmn:inclusiveGateway id="X"/>' + task("A") + task("B")
        + '<bpmn:inclusiveGateway id="J"/>' + END
        + flow("f0", "S", "X") + flow("fa", "X", "A", 'ppb:peluang="0.7"', cond)
        + flow("fb", "X", "B", 'ppb:peluang="0.6"', cond)
        + flow("f2", "A", "J") + flow("f3", "B", "J") + flow("f4", "J", "E"))), ())
    c["condition-activity"] = (doc(proc(
        START + task("A", extra='default="fd"') + task("B") + END
        + flow("f0", "S", "A") + flow("fc", "A", "B", "", cond) + flow("f2", "B", "E"))), ())
    c["script-task"] = (doc(proc(
        START + f'<bpmn:scriptTask id="A" name="Skrip" scriptFormat="python" ppb:durasi="5 menit">'
                f'<bpmn:script>{p}</bpmn:script></bpmn:scriptTask>' + END + line("A"))), ())
    correlation = (
        '<bpmn:correlationProperty id="cp{n}" name="cp{n}">'
        '<bpmn:correlationPropertyRetrievalExpression messageRef="{ref}">'
        f'<bpmn:formalExpression>{p}</bpmn:formalExpression>'
        '</bpmn:correlationPropertyRetrievalExpression></bpmn:correlationProperty>')
    c["correlation-wait"] = (doc(proc(
        START + task("A") + '<bpmn:intermediateCatchEvent id="W" name="Tunggu" ppb:durasi="5 menit">'
        '<bpmn:timerEventDefinition/></bpmn:intermediateCatchEvent>' + TERMINATE + line("A", "W")),
        before=correlation.format(n=1, ref="ppb_wait__W")), ())
    two_pools = (
        '<bpmn:collaboration id="C">'
        '<bpmn:participant id="PA" name="Pemohon" processRef="P"/>'
        '<bpmn:participant id="PB" name="Dinas" processRef="Q"/>'
        '<bpmn:messageFlow id="m1" sourceRef="T" targetRef="R" messageRef="msgU"/>'
        '<bpmn:messageFlow id="m2" sourceRef="B" targetRef="W" messageRef="msgU"/>'
        '<bpmn:correlationKey id="ck" name="ck"><bpmn:correlationPropertyRef>cp1</bpmn:correlationPropertyRef>'
        '<bpmn:correlationPropertyRef>cp2</bpmn:correlationPropertyRef>'
        '<bpmn:correlationPropertyRef>cp3</bpmn:correlationPropertyRef></bpmn:correlationKey>'
        '</bpmn:collaboration>')
    pool_a = proc(
        START + task("A") + '<bpmn:intermediateThrowEvent id="T" name="Kirim"><bpmn:messageEventDefinition '
        'messageRef="msgU"/></bpmn:intermediateThrowEvent>'
        '<bpmn:intermediateCatchEvent id="W" name="Balasan"><bpmn:messageEventDefinition messageRef="msgU"/>'
        '</bpmn:intermediateCatchEvent>' + TERMINATE + line("A", "T", "W")
        + '<bpmn:correlationSubscription id="cs" correlationKeyRef="ck">'
          '<bpmn:correlationPropertyBinding id="cb" correlationPropertyRef="cp1">'
          f'<bpmn:dataPath>{p}</bpmn:dataPath></bpmn:correlationPropertyBinding>'
          '</bpmn:correlationSubscription>')
    pool_b = proc(
        '<bpmn:startEvent id="R" name="Terima"><bpmn:messageEventDefinition messageRef="msgU"/></bpmn:startEvent>'
        + task("B") + '<bpmn:endEvent id="EB"/>' + flow("g0", "R", "B") + flow("g1", "B", "EB"),
        pid="Q", attrs="")
    c["correlation-pools"] = (doc(
        two_pools + pool_a + pool_b,
        before='<bpmn:message id="msgU" name="pesan"/>' + correlation.format(n=1, ref="ppb_send__T")
        + correlation.format(n=2, ref="ppb_msg__R") + correlation.format(n=3, ref="ppb_msg__W")),
        ())
    spiff_payload = f'<spiffworkflow:messagePayload>{p}</spiffworkflow:messagePayload>'
    c["message-payload"] = (doc(proc(
        START + f'<bpmn:message id="ppb_wait__W" name="ppb_wait__W"><bpmn:extensionElements>'
        f'{spiff_payload}</bpmn:extensionElements></bpmn:message>'
        + '<bpmn:intermediateThrowEvent id="T"><bpmn:extensionElements>' + spiff_payload
        + f'<spiffworkflow:messageVariable>{p}</spiffworkflow:messageVariable>'
        '</bpmn:extensionElements><bpmn:messageEventDefinition messageRef="m1"/></bpmn:intermediateThrowEvent>'
        + task("A", tag="sendTask", extra='messageRef="m1"')
        + '<bpmn:intermediateCatchEvent id="W" name="Tunggu" ppb:durasi="5 menit"><bpmn:messageEventDefinition '
          'messageRef="m1"/></bpmn:intermediateCatchEvent>'
        + TERMINATE + line("T", "A", "W")),
        before=f'<bpmn:message id="m1" name="m1" itemRef="it"><bpmn:extensionElements>{spiff_payload}'
               f'</bpmn:extensionElements></bpmn:message><bpmn:itemDefinition id="it" structureRef="{p}"/>'),
        ())
    c["multi-instance"] = (doc(proc(
        START + task("A", f'<bpmn:multiInstanceLoopCharacteristics>'
                          f'<bpmn:loopCardinality {FE}>{p}</bpmn:loopCardinality>'
                          f'<bpmn:loopDataInputRef>daftar</bpmn:loopDataInputRef>'
                          f'<bpmn:inputDataItem id="it" name="{p}"/>'
                          f'<bpmn:completionCondition {FE}>{p}</bpmn:completionCondition>'
                          '</bpmn:multiInstanceLoopCharacteristics>', extra='ppb:jumlahInstans="2"')
        + task("B", f'<bpmn:multiInstanceLoopCharacteristics isSequential="true">'
                    f'<bpmn:loopCardinality>3</bpmn:loopCardinality>'
                    f'<bpmn:completionCondition {FE}>{p}</bpmn:completionCondition>'
                    '</bpmn:multiInstanceLoopCharacteristics>')
        + END + line("A", "B"))), ())
    c["standard-loop"] = (doc(proc(
        START + task("A", f'<bpmn:standardLoopCharacteristics testBefore="true" loopMaximum="5">'
                          f'<bpmn:loopCondition {FE}>{p}</bpmn:loopCondition>'
                          '</bpmn:standardLoopCharacteristics>') + END + line("A"))), ())
    timers = "".join(
        f'<bpmn:intermediateCatchEvent id="W{k}" name="Tunggu {k}" ppb:durasi="5 menit">'
        f'<bpmn:timerEventDefinition><bpmn:{kind} {FE}>{p}</bpmn:{kind}></bpmn:timerEventDefinition>'
        '</bpmn:intermediateCatchEvent>' for k, kind in enumerate(("timeDate", "timeDuration", "timeCycle")))
    c["timer-catch"] = (doc(proc(START + timers + END + line("W0", "W1", "W2"))), ())
    c["timer-start"] = (doc(proc(
        f'<bpmn:startEvent id="S"><bpmn:timerEventDefinition><bpmn:timeCycle {FE}>{p}</bpmn:timeCycle>'
        '</bpmn:timerEventDefinition></bpmn:startEvent>' + task("A") + END + line("A"))), ())
    c["timer-boundary"] = (doc(proc(
        START + '<bpmn:subProcess id="SP" name="Sub">'
        '<bpmn:startEvent id="S2"/>' + task("A") + '<bpmn:endEvent id="E2"/>'
        + flow("h0", "S2", "A") + flow("h1", "A", "E2") + '</bpmn:subProcess>'
        + '<bpmn:boundaryEvent id="BE" attachedToRef="SP" ppb:durasi="1 jam"><bpmn:errorEventDefinition/>'
          f'<bpmn:timerEventDefinition><bpmn:timeDuration {FE}>{p}</bpmn:timeDuration>'
          '</bpmn:timerEventDefinition></bpmn:boundaryEvent>'
        + '<bpmn:boundaryEvent id="BT" attachedToRef="B" cancelActivity="false" ppb:durasi="1 jam">'
          f'<bpmn:timerEventDefinition><bpmn:timeCycle {FE}>{p}</bpmn:timeCycle></bpmn:timerEventDefinition>'
          '</bpmn:boundaryEvent>' + task("B") + '<bpmn:endEvent id="EX"/><bpmn:endEvent id="EY"/>'
        + END + line("SP", "B") + flow("x0", "BE", "EX") + flow("x1", "BT", "EY"))), ())
    conditional = f'<bpmn:conditionalEventDefinition><bpmn:condition {FE}>{p}</bpmn:condition></bpmn:conditionalEventDefinition>'
    c["conditional-events"] = (doc(proc(
        f'<bpmn:startEvent id="S">{conditional}</bpmn:startEvent>'
        + f'<bpmn:intermediateCatchEvent id="W" ppb:durasi="5 menit">{conditional}</bpmn:intermediateCatchEvent>'
        + task("A") + f'<bpmn:boundaryEvent id="BC" attachedToRef="A" ppb:durasi="1 jam">{conditional}'
                      '</bpmn:boundaryEvent><bpmn:endEvent id="EX"/>'
        + END + line("W", "A") + flow("x0", "BC", "EX"))), ())
    c["event-subprocess"] = (doc(proc(
        START + task("A") + END + line("A")
        + f'<bpmn:subProcess id="ES" triggeredByEvent="true"><bpmn:startEvent id="S3" isInterrupting="false">'
          f'{conditional}</bpmn:startEvent><bpmn:scriptTask id="ST" scriptFormat="python">'
          f'<bpmn:script>{p}</bpmn:script></bpmn:scriptTask><bpmn:endEvent id="E3"/>'
        + flow("k0", "S3", "ST") + flow("k1", "ST", "E3") + '</bpmn:subProcess>')), ())
    c["data-associations"] = (doc(proc(
        START + f'<bpmn:dataObject id="DO" name="{p}"/><bpmn:dataObjectReference id="DR" dataObjectRef="DO"/>'
        + f'<bpmn:property id="pr" name="{p}"/>'
        + task("A", '<bpmn:ioSpecification><bpmn:dataInput id="di" name="x"/><bpmn:dataOutput id="do" name="y"/>'
                    '<bpmn:inputSet><bpmn:dataInputRefs>di</bpmn:dataInputRefs></bpmn:inputSet>'
                    '<bpmn:outputSet><bpmn:dataOutputRefs>do</bpmn:dataOutputRefs></bpmn:outputSet>'
                    '</bpmn:ioSpecification>'
                    '<bpmn:dataInputAssociation id="da"><bpmn:sourceRef>DR</bpmn:sourceRef>'
                    '<bpmn:targetRef>di</bpmn:targetRef>'
                    f'<bpmn:transformation>{p}</bpmn:transformation>'
                    f'<bpmn:assignment><bpmn:from {FE}>{p}</bpmn:from><bpmn:to {FE}>{p}</bpmn:to></bpmn:assignment>'
                    '</bpmn:dataInputAssociation>'
                    '<bpmn:dataOutputAssociation id="dz"><bpmn:sourceRef>do</bpmn:sourceRef>'
                    '<bpmn:targetRef>DR</bpmn:targetRef>'
                    f'<bpmn:assignment><bpmn:from {FE}>{p}</bpmn:from><bpmn:to {FE}>{p}</bpmn:to></bpmn:assignment>'
                    '</bpmn:dataOutputAssociation>')
        + END + line("A"))), ())
    camunda_ext = (
        '<bpmn:extensionElements>'
        f'<camunda:inputOutput><camunda:inputParameter name="x">{p}</camunda:inputParameter>'
        f'<camunda:outputParameter name="y"><camunda:script scriptFormat="python">{p}</camunda:script>'
        '</camunda:outputParameter></camunda:inputOutput>'
        f'<camunda:executionListener event="start" expression="{p}">'
        f'<camunda:script scriptFormat="python">{p}</camunda:script></camunda:executionListener>'
        f'<camunda:taskListener event="create" delegateExpression="{p}"/>'
        f'<camunda:properties><camunda:property name="x" value="{p}"/></camunda:properties>'
        f'<camunda:field name="f"><camunda:expression>{p}</camunda:expression></camunda:field>'
        '</bpmn:extensionElements>')
    c["camunda"] = (doc(proc(
        START + task("A", camunda_ext, tag="serviceTask",
                     extra=f'camunda:expression="{p}" camunda:delegateExpression="{p}" '
                           f'camunda:resultVariable="{p}" camunda:asyncBefore="true" camunda:class="{p}"')
        + task("B", tag="userTask", extra=f'camunda:assignee="{p}" camunda:formKey="{p}" '
                                          f'camunda:dueDate="{p}" camunda:candidateGroups="{p}"')
        + '<bpmn:exclusiveGateway id="X" camunda:asyncAfter="true"/>' + END
        + flow("f0", "S", "A") + flow("f1", "A", "B") + flow("f2", "B", "X")
        + flow("f3", "X", "E", f'camunda:expression="{p}"',
               f'<bpmn:conditionExpression {FE} language="python" camunda:resource="{p}">{p}'
               '</bpmn:conditionExpression>'),
        attrs=PROC + f' camunda:versionTag="{p}" camunda:historyTimeToLive="{p}"')), ())
    c["zeebe"] = (doc(proc(
        START + task("A", '<bpmn:extensionElements>'
                          f'<zeebe:taskDefinition type="={p}" retries="={p}"/>'
                          f'<zeebe:ioMapping><zeebe:input source="={p}" target="x"/>'
                          f'<zeebe:output source="={p}" target="y"/></zeebe:ioMapping>'
                          f'<zeebe:taskHeaders><zeebe:header key="k" value="={p}"/></zeebe:taskHeaders>'
                          '</bpmn:extensionElements>', tag="serviceTask")
        + '<bpmn:exclusiveGateway id="X"/>' + task("B") + END
        + flow("f0", "S", "A") + flow("f1", "A", "X")
        + flow("f2", "X", "B", 'ppb:peluang="0.5"', f'<bpmn:conditionExpression {FE}>={p}</bpmn:conditionExpression>')
        + flow("f3", "X", "E", 'ppb:peluang="0.5"', f'<bpmn:conditionExpression {FE}>={p}</bpmn:conditionExpression>')
        + flow("f4", "B", "E"))), ())
    c["spiffworkflow"] = (doc(proc(
        START + task("A", '<bpmn:extensionElements>'
                          f'<spiffworkflow:preScript>{p}</spiffworkflow:preScript>'
                          f'<spiffworkflow:postScript>{p}</spiffworkflow:postScript>'
                          f'<spiffworkflow:instructionsForEndUser>{p}</spiffworkflow:instructionsForEndUser>'
                          '</bpmn:extensionElements>')
        + task("B", '<bpmn:extensionElements><spiffworkflow:serviceTaskOperator id="op" resultVariable="r">'
                    f'<spiffworkflow:parameters><spiffworkflow:parameter id="x" type="str" value="{p}"/>'
                    '</spiffworkflow:parameters></spiffworkflow:serviceTaskOperator>'
                    f'<spiffworkflow:properties><spiffworkflow:property name="x" value="{p}"/>'
                    '</spiffworkflow:properties></bpmn:extensionElements>', tag="serviceTask")
        + END + line("A", "B"))), ())
    c["ad-hoc"] = (doc(proc(
        START + f'<bpmn:adHocSubProcess id="AH" name="Bebas"><bpmn:completionCondition {FE}>{p}'
        '</bpmn:completionCondition>' + task("A") + '</bpmn:adHocSubProcess>' + END + line("AH"))),
        ("SIM-ADHOC",))
    c["complex-gateway"] = (doc(proc(
        START + '<bpmn:complexGateway id="X"><bpmn:activationCondition ' + FE + f'>{p}'
        '</bpmn:activationCondition></bpmn:complexGateway>' + task("A") + task("B") + END
        + flow("f0", "S", "X") + flow("fa", "X", "A", "", cond) + flow("fb", "X", "B", "", cond)
        + flow("f2", "A", "E") + flow("f3", "B", "E"))), ("SIM-SPIFF",))
    c["resources"] = (doc(proc(
        START + task("A", f'<bpmn:potentialOwner><bpmn:resourceAssignmentExpression>'
                          f'<bpmn:formalExpression>{p}</bpmn:formalExpression></bpmn:resourceAssignmentExpression>'
                          f'</bpmn:potentialOwner><bpmn:performer><bpmn:resourceRef>r1</bpmn:resourceRef>'
                          f'<bpmn:resourceParameterBinding parameterRef="rp">'
                          f'<bpmn:formalExpression>{p}</bpmn:formalExpression></bpmn:resourceParameterBinding>'
                          '</bpmn:performer>', tag="userTask")
        + END + line("A")),
        before=f'<bpmn:resource id="r1" name="Petugas"><bpmn:resourceParameter id="rp" name="{p}"/></bpmn:resource>'),
        ())
    c["names-and-documentation"] = (doc(proc(
        START + task("A", f'<bpmn:documentation>{p}</bpmn:documentation>', extra=f'implementation="{p}"')
        .replace('name="Kerja A"', f'name="{p}"')
        + f'<bpmn:textAnnotation id="ta"><bpmn:text>{p}</bpmn:text></bpmn:textAnnotation>'
        + '<bpmn:association id="as" sourceRef="A" targetRef="ta"/>'
        + END + line("A")),
        before=f'<bpmn:category id="cat"><bpmn:categoryValue id="cv" value="{p}"/></bpmn:category>'), ())
    c["bpsim"] = (doc(proc(START + task("A") + END + line("A")),
                      before='<bpmn:relationship type="BPSimData"><bpmn:extensionElements>'
                             '<bpsim:BPSimData><bpsim:Scenario id="sc" name="s">'
                             '<bpsim:ElementParameters elementRef="A"><bpsim:TimeParameters>'
                             f'<bpsim:ProcessingTime><bpsim:ExpressionParameter value="{p}"/>'
                             '</bpsim:ProcessingTime></bpsim:TimeParameters></bpsim:ElementParameters>'
                             '</bpsim:Scenario></bpsim:BPSimData></bpmn:extensionElements>'
                             '<bpmn:source>D</bpmn:source><bpmn:target>D</bpmn:target></bpmn:relationship>'),
                  ())
    c["foreign-namespace"] = (doc(proc(
        START + task("A", f'<jahat:skrip bahasa="python">{p}</jahat:skrip>', extra=f'jahat:ekspresi="{p}"')
        + f'<jahat:kondisi>{p}</jahat:kondisi>' + END + line("A"),
        attrs=PROC + f' jahat:ekspresi="{p}"'),
        before=f'<jahat:skrip>{p}</jahat:skrip><!-- {p} --><?jahat {p}?>'), ())
    c["codes-and-signals"] = (doc(proc(
        START + '<bpmn:subProcess id="SP"><bpmn:startEvent id="S2"/>'
        '<bpmn:endEvent id="E2"><bpmn:escalationEventDefinition escalationRef="esc"/></bpmn:endEvent>'
        + flow("h0", "S2", "E2") + '</bpmn:subProcess>'
        + '<bpmn:boundaryEvent id="BE" attachedToRef="SP" cancelActivity="false">'
          '<bpmn:escalationEventDefinition escalationRef="esc"/></bpmn:boundaryEvent>'
        + '<bpmn:intermediateThrowEvent id="T"><bpmn:signalEventDefinition signalRef="sig"/>'
          '</bpmn:intermediateThrowEvent>' + task("B") + '<bpmn:endEvent id="EX"/>'
        + END + line("SP", "T") + flow("x0", "BE", "B") + flow("x1", "B", "EX")),
        before=f'<bpmn:error id="err" name="e" errorCode="{p}"/>'
               f'<bpmn:escalation id="esc" name="{p}" escalationCode="{p}"/>'
               f'<bpmn:signal id="sig" name="{p}"/>'), ())
    c["event-gateway"] = (doc(proc(
        START + '<bpmn:eventBasedGateway id="G"/>'
        + f'<bpmn:intermediateCatchEvent id="W1" ppb:durasi="1 jam"><bpmn:timerEventDefinition>'
          f'<bpmn:timeDuration {FE}>{p}</bpmn:timeDuration></bpmn:timerEventDefinition>'
          '</bpmn:intermediateCatchEvent>'
        + f'<bpmn:intermediateCatchEvent id="W2" ppb:durasi="2 jam">{conditional}</bpmn:intermediateCatchEvent>'
        + END + flow("f0", "S", "G") + flow("f1", "G", "W1") + flow("f2", "G", "W2")
        + flow("f3", "W1", "E") + flow("f4", "W2", "E")),
        before=correlation.format(n=1, ref="ppb_wait__W1")), ())
    c["call-activity"] = (doc(
        proc(START + f'<bpmn:callActivity id="CA" calledElement="Sub" camunda:calledElementBinding="{p}">'
             f'<bpmn:extensionElements><camunda:in sourceExpression="{p}" target="x"/></bpmn:extensionElements>'
             '</bpmn:callActivity>' + TERMINATE + line("CA"))
        + proc('<bpmn:startEvent id="S9"/><bpmn:exclusiveGateway id="X9"/>' + task("A9") + task("B9")
               + '<bpmn:endEvent id="E9"/>' + flow("n0", "S9", "X9")
               + flow("na", "X9", "A9", 'ppb:peluang="0.5"', cond)
               + flow("nb", "X9", "B9", 'ppb:peluang="0.5"', cond)
               + flow("n1", "A9", "E9") + flow("n2", "B9", "E9"), pid="Sub", attrs="")), ())
    c["compensation"] = (doc(proc(
        START + task("A") + '<bpmn:boundaryEvent id="BK" attachedToRef="A"><bpmn:compensateEventDefinition/>'
        '</bpmn:boundaryEvent>'
        + f'<bpmn:scriptTask id="K" isForCompensation="true" scriptFormat="python"><bpmn:script>{p}'
          '</bpmn:script></bpmn:scriptTask><bpmn:association id="ak" sourceRef="BK" targetRef="K"/>'
        + '<bpmn:intermediateThrowEvent id="T"><bpmn:compensateEventDefinition waitForCompletion="true"/>'
          '</bpmn:intermediateThrowEvent>' + END + line("A", "T"))),
        ())   # the compensation boundary event is passed through (SIM-PERISTIWA-DILEWATI, issue 15)
    c["ppb-attributes"] = (doc(proc(
        START + task("A").replace('ppb:durasi="5 menit"', f'ppb:durasi="{p}"') + END + line("A"))),
        ("SIM-PARAM",))
    return c


NAMES = sorted(carriers("x"))


def payload(marker: Path) -> str:
    return f"__import__('pathlib').Path({str(marker)!r}).write_text('PPB_PAYLOAD')"


def _map(name: str, tmp_path: Path) -> tuple[bytes, tuple[str, ...], Path]:
    marker = tmp_path / f"DIJALANKAN-{name}"
    text, codes = carriers(payload(marker))[name]
    return text.encode(), codes, marker


ENGINES = ("reference", "compiled", "auto")


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("name", NAMES)
def test_library_never_runs_a_carrier(name, engine, tmp_path):
    data, codes, marker = _map(name, tmp_path)
    try:
        result = simulate(data, Scenario(cases=4, replications=1, seed=3), engine=engine,
                          name=f"{name}.bpmn")
    except SimulationError as exc:
        assert not marker.exists(), f"{name}: the payload ran under engine {engine}"
        if engine == "compiled" and exc.code == "SIM-SCENARIO" and "terkompilasi" in exc.message:
            return   # a construct the compiled engine leaves to the reference engine
        assert exc.code in codes, f"{name} ({engine}): unexpected {exc.code}: {exc.message}"
        assert exc.message and "Traceback" not in exc.message
        return
    assert not marker.exists(), f"{name}: the payload ran under engine {engine}"
    assert not codes, f"{name} was expected to be refused with {codes}"
    assert result.reps[0].finished + result.reps[0].unfinished == 4


@pytest.mark.parametrize("name", NAMES)
def test_the_tree_spiffworkflow_sees_holds_only_the_allow_list(name, tmp_path):
    """What the sanitiser hands SpiffWorkflow: BPMN elements of the allow-list, plain
    allowed attributes, the simulator's own text. The payload survives only as data that
    SpiffWorkflow shows or compares and never evaluates: names, error and escalation codes."""
    from lxml import etree

    from validator.sim.loader import load
    from validator.sim.sanitize import BPMN, STRUCTURE, parse_route

    data, codes, _ = _map(name, tmp_path)
    try:
        loaded = load(data, Scenario(cases=1, replications=1))
    except SimulationError as exc:
        assert exc.code in codes
        return
    data_attrs = ("name", "errorCode", "escalationCode")
    for root in [loaded.sanitized.root, *loaded.sanitized.extra_roots]:
        for node in root.iter():
            for attr, value in node.attrib.items():
                assert attr in data_attrs or "PPB_PAYLOAD" not in value, (node.tag, attr)
            assert "PPB_PAYLOAD" not in (node.text or "") + (node.tail or "")
            assert isinstance(node.tag, str), "a comment or processing instruction survived"
            qname = etree.QName(node)
            assert qname.namespace == BPMN and qname.localname in STRUCTURE, node.tag
            allowed, _ = STRUCTURE[qname.localname]
            assert set(node.attrib) <= set(allowed), (node.tag, dict(node.attrib))
            if qname.localname == "conditionExpression":
                assert parse_route(node.text) is not None
            elif qname.localname == "loopCardinality":
                assert node.text.isdigit()
            elif qname.localname not in ("incoming", "outgoing", "flowNodeRef"):
                assert not (node.text or "").strip(), node.tag


def test_every_carrier_that_can_be_simulated_is_simulated(tmp_path):
    """The carriers are real maps: those not refused with a coded error finish their cases
    (so the test above proves something about running maps, not about refusals)."""
    simulated = 0
    for name in NAMES:
        data, codes, _ = _map(name, tmp_path)
        if codes:
            continue
        result = simulate(data, Scenario(cases=3, replications=1, seed=1), engine="reference")
        assert result.reps[0].finished == 3, name
        simulated += 1
    assert simulated >= 20


def test_the_reported_attack_is_reproduced_by_the_carrier(tmp_path):
    """The outside report: a retrieval expression on a message the sanitiser creates plus a
    terminate end event (which sends the run to SpiffWorkflow). Before the fix this ran
    ``os.system``; now it must simulate without running anything."""
    data, _, marker = _map("correlation-wait", tmp_path)
    result = simulate(data, Scenario(cases=5, replications=1))
    assert result.engine == "reference"        # the terminate end event still goes there
    assert result.reps[0].finished == 5
    assert not marker.exists()


@pytest.mark.parametrize("name", NAMES)
def test_cli_in_process_never_runs_a_carrier(name, tmp_path, capsys):
    from validator.cli import main

    data, codes, marker = _map(name, tmp_path)
    path = tmp_path / f"{name}.bpmn"
    path.write_bytes(data)
    for engine in ENGINES:
        code = main(["simulate", str(path), "-n", "3", "-r", "1", "--engine", engine, "-f", "json"])
        out = capsys.readouterr()
        assert not marker.exists(), f"{name}: the payload ran from ppb simulate --engine {engine}"
        assert code in (0, 1, 2), out.err
        if code == 2:
            assert out.err.startswith("ppb: ") and "Traceback" not in out.err


@pytest.mark.parametrize("name", ["correlation-wait", "correlation-pools", "script-task", "camunda"])
def test_cli_subprocess_never_runs_a_carrier(name, tmp_path):
    data, _, marker = _map(name, tmp_path)
    path = tmp_path / f"{name}.bpmn"
    path.write_bytes(data)
    for engine in ("reference", "auto"):
        proc = subprocess.run([sys.executable, "-m", "tests.sim.evalguard", "simulate", str(path),
                               "-n", "3", "-r", "1", "--engine", engine],
                              cwd=ROOT, capture_output=True, text=True, timeout=120)
        assert proc.returncode != EXIT_VIOLATION, proc.stderr
        assert proc.returncode in (0, 1), proc.stderr
        assert not marker.exists(), f"{name}: the payload ran in a ppb simulate subprocess"


# -- the server ---------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """One seeded SQLite app for the module, with a bearer token of the demo OPD user."""
    yield from seeded_app(tmp_path_factory, "sim-carriers")


def _wait(client, headers, job_id: str) -> dict:
    import time

    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        body = client.get(f"/api/v1/jobs/{job_id}", headers=headers).get_json()
        if body["status"] in ("selesai", "gagal"):
            return body
        time.sleep(0.05)
    raise AssertionError("job did not end")


@pytest.mark.parametrize("name", NAMES)
def test_server_never_runs_a_carrier(name, server, tmp_path):
    app, token = server
    data, codes, marker = _map(name, tmp_path)
    client = app.test_client()
    headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/xml"}
    r = client.post("/api/v1/simulate?cases=4&replications=1", data=data, headers=headers)
    assert not marker.exists(), f"{name}: the payload ran on the server"
    assert r.status_code in (200, 422), r.get_data(as_text=True)[:300]
    if r.status_code == 422:
        assert r.get_json()["error"]["code"] in codes, r.get_json()
    else:
        assert not codes, f"{name} was expected to be refused with {codes}"
    # the same map as a job (a worker thread of the server)
    r = client.post("/api/v1/simulate?cases=4&replications=1&job=1", data=data, headers=headers)
    assert r.status_code in (202, 422), r.get_data(as_text=True)[:300]
    if r.status_code == 202:
        done = _wait(client, {"Authorization": f"Bearer {token}"}, r.get_json()["id"])
        assert done["status"] == "selesai", done
    assert not marker.exists(), f"{name}: the payload ran in a server job"
