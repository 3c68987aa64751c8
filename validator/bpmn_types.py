"""The BPMN 2.0 type hierarchy the validator needs.

Each semantic element gets ``types``: the frozenset of its own type name and
every super type, so ``"Activity" in el.types`` answers what bpmn-moddle's
``is(el, 'bpmn:Activity')`` answers. Names carry no prefix; DI types keep a
``di:`` style prefix to stay apart from semantic ones.
"""
from __future__ import annotations

# child -> direct super types
_SUPER: dict[str, tuple[str, ...]] = {
    "BaseElement": (),
    "RootElement": ("BaseElement",),
    "Definitions": ("BaseElement",),
    "CallableElement": ("RootElement",),
    "FlowElementsContainer": ("BaseElement",),
    "Process": ("FlowElementsContainer", "CallableElement"),
    "Collaboration": ("RootElement",),
    "FlowElement": ("BaseElement",),
    "FlowNode": ("FlowElement",),
    "InteractionNode": (),
    "Activity": ("FlowNode",),
    "Task": ("Activity", "InteractionNode"),
    "UserTask": ("Task",),
    "ManualTask": ("Task",),
    "ServiceTask": ("Task",),
    "ScriptTask": ("Task",),
    "BusinessRuleTask": ("Task",),
    "SendTask": ("Task",),
    "ReceiveTask": ("Task",),
    "SubProcess": ("Activity", "FlowElementsContainer", "InteractionNode"),
    "AdHocSubProcess": ("SubProcess",),
    "Transaction": ("SubProcess",),
    "CallActivity": ("Activity", "InteractionNode"),
    "Event": ("FlowNode", "InteractionNode"),
    "CatchEvent": ("Event",),
    "ThrowEvent": ("Event",),
    "StartEvent": ("CatchEvent",),
    "IntermediateCatchEvent": ("CatchEvent",),
    "BoundaryEvent": ("CatchEvent",),
    "EndEvent": ("ThrowEvent",),
    "IntermediateThrowEvent": ("ThrowEvent",),
    "ImplicitThrowEvent": ("ThrowEvent",),
    "Gateway": ("FlowNode",),
    "ExclusiveGateway": ("Gateway",),
    "InclusiveGateway": ("Gateway",),
    "ParallelGateway": ("Gateway",),
    "ComplexGateway": ("Gateway",),
    "EventBasedGateway": ("Gateway",),
    "SequenceFlow": ("FlowElement",),
    "DataObject": ("FlowElement", "ItemAwareElement"),
    "DataObjectReference": ("FlowElement", "ItemAwareElement"),
    "DataStoreReference": ("FlowElement", "ItemAwareElement"),
    "ItemAwareElement": ("BaseElement",),
    "DataStore": ("RootElement", "ItemAwareElement"),
    "DataInput": ("ItemAwareElement",),
    "DataOutput": ("ItemAwareElement",),
    "Property": ("ItemAwareElement",),
    "InputOutputSpecification": ("BaseElement",),
    "InputSet": ("BaseElement",),
    "OutputSet": ("BaseElement",),
    "DataAssociation": ("BaseElement",),
    "DataInputAssociation": ("DataAssociation",),
    "DataOutputAssociation": ("DataAssociation",),
    "Artifact": ("BaseElement",),
    "TextAnnotation": ("Artifact",),
    "Association": ("Artifact",),
    "Group": ("Artifact",),
    "Participant": ("InteractionNode", "BaseElement"),
    "MessageFlow": ("BaseElement",),
    "LaneSet": ("BaseElement",),
    "Lane": ("BaseElement",),
    "Message": ("RootElement",),
    "Error": ("RootElement",),
    "Escalation": ("RootElement",),
    "Signal": ("RootElement",),
    "Interface": ("RootElement",),
    "ItemDefinition": ("RootElement",),
    "Category": ("RootElement",),
    "CategoryValue": ("BaseElement",),
    "Resource": ("RootElement",),
    "PartnerRole": ("RootElement",),
    "PartnerEntity": ("RootElement",),
    "EndPoint": ("RootElement",),
    "CorrelationProperty": ("RootElement",),
    "GlobalTask": ("CallableElement",),
    "GlobalUserTask": ("GlobalTask",),
    "GlobalManualTask": ("GlobalTask",),
    "GlobalScriptTask": ("GlobalTask",),
    "GlobalBusinessRuleTask": ("GlobalTask",),
    "EventDefinition": ("RootElement",),
    "MessageEventDefinition": ("EventDefinition",),
    "TimerEventDefinition": ("EventDefinition",),
    "ErrorEventDefinition": ("EventDefinition",),
    "EscalationEventDefinition": ("EventDefinition",),
    "SignalEventDefinition": ("EventDefinition",),
    "ConditionalEventDefinition": ("EventDefinition",),
    "LinkEventDefinition": ("EventDefinition",),
    "CompensateEventDefinition": ("EventDefinition",),
    "TerminateEventDefinition": ("EventDefinition",),
    "CancelEventDefinition": ("EventDefinition",),
    "LoopCharacteristics": ("BaseElement",),
    "StandardLoopCharacteristics": ("LoopCharacteristics",),
    "MultiInstanceLoopCharacteristics": ("LoopCharacteristics",),
    "Documentation": ("BaseElement",),
}


def _closure(name: str) -> frozenset[str]:
    seen = {name}
    todo = list(_SUPER.get(name, ()))
    while todo:
        t = todo.pop()
        if t not in seen:
            seen.add(t)
            todo.extend(_SUPER.get(t, ()))
    return frozenset(seen)


TYPES: dict[str, frozenset[str]] = {name: _closure(name) for name in _SUPER}

# Types whose elements we build as model elements. Everything else in the
# BPMN namespace is read as a property of its parent (incoming, outgoing,
# flowNodeRef, conditionExpression, ...) or skipped.
SEMANTIC = frozenset(TYPES) - {"BaseElement", "RootElement", "CallableElement",
                               "FlowElementsContainer", "FlowElement", "FlowNode",
                               "InteractionNode", "Activity", "CatchEvent", "ThrowEvent",
                               "Gateway", "EventDefinition", "Artifact", "ItemAwareElement",
                               "DataAssociation", "LoopCharacteristics", "Documentation"}

# XML local name -> type name (BPMN XML uses lowerCamelCase element names)
TAG_TO_TYPE: dict[str, str] = {name[0].lower() + name[1:]: name for name in SEMANTIC}
TAG_TO_TYPE["ioSpecification"] = TAG_TO_TYPE.pop("inputOutputSpecification")

EMPTY_TYPES: frozenset[str] = frozenset()


def types_of(type_name: str) -> frozenset[str]:
    return TYPES.get(type_name, EMPTY_TYPES)
