/**
 * The live lint of the web modeler: bpmnlint's recommended rules plus our offline rules
 * (bpmnlint-plugin-ppb, configured by the JSON that `python -m validator.offline_rules`
 * generates from rules/). Rules are imported one by one, so the bundle needs no
 * bpmnlint-loader; the resolver answers for both packages.
 *
 * Every rule's documentation link (the rule name in a lint overlay) goes to the server's
 * own rule page, /aturan/<id> (the bpmnlint rule name, or the PPB id of an offline rule),
 * instead of bpmnlint's pages on github.com: the server may run without internet access.
 */
import recommended from 'bpmnlint/config/recommended';

import adHocSubProcess from 'bpmnlint/rules/ad-hoc-sub-process';
import conditionalFlows from 'bpmnlint/rules/conditional-flows';
import endEventRequired from 'bpmnlint/rules/end-event-required';
import eventBasedGateway from 'bpmnlint/rules/event-based-gateway';
import eventSubProcessTypedStartEvent from 'bpmnlint/rules/event-sub-process-typed-start-event';
import fakeJoin from 'bpmnlint/rules/fake-join';
import global from 'bpmnlint/rules/global';
import labelRequired from 'bpmnlint/rules/label-required';
import linkEvent from 'bpmnlint/rules/link-event';
import noBpmndi from 'bpmnlint/rules/no-bpmndi';
import noComplexGateway from 'bpmnlint/rules/no-complex-gateway';
import noDisconnected from 'bpmnlint/rules/no-disconnected';
import noDuplicateSequenceFlows from 'bpmnlint/rules/no-duplicate-sequence-flows';
import noGatewayJoinFork from 'bpmnlint/rules/no-gateway-join-fork';
import noImplicitSplit from 'bpmnlint/rules/no-implicit-split';
import noImplicitEnd from 'bpmnlint/rules/no-implicit-end';
import noImplicitStart from 'bpmnlint/rules/no-implicit-start';
import noInclusiveGateway from 'bpmnlint/rules/no-inclusive-gateway';
import noOverlappingElements from 'bpmnlint/rules/no-overlapping-elements';
import singleBlankStartEvent from 'bpmnlint/rules/single-blank-start-event';
import singleEventDefinition from 'bpmnlint/rules/single-event-definition';
import startEventRequired from 'bpmnlint/rules/start-event-required';
import subProcessBlankStartEvent from 'bpmnlint/rules/sub-process-blank-start-event';
import superfluousGateway from 'bpmnlint/rules/superfluous-gateway';
import superfluousLabel from 'bpmnlint/rules/superfluous-label';
import superfluousTermination from 'bpmnlint/rules/superfluous-termination';

import { createPlugin } from '../bpmnlint-plugin-ppb/index.js';
import offlineRules from '../bpmnlint-plugin-ppb/generated/offline-rules.json';

export const BUILTIN = {
  'ad-hoc-sub-process': adHocSubProcess,
  'conditional-flows': conditionalFlows,
  'end-event-required': endEventRequired,
  'event-based-gateway': eventBasedGateway,
  'event-sub-process-typed-start-event': eventSubProcessTypedStartEvent,
  'fake-join': fakeJoin,
  'global': global,
  'label-required': labelRequired,
  'link-event': linkEvent,
  'no-bpmndi': noBpmndi,
  'no-complex-gateway': noComplexGateway,
  'no-disconnected': noDisconnected,
  'no-duplicate-sequence-flows': noDuplicateSequenceFlows,
  'no-gateway-join-fork': noGatewayJoinFork,
  'no-implicit-split': noImplicitSplit,
  'no-implicit-end': noImplicitEnd,
  'no-implicit-start': noImplicitStart,
  'no-inclusive-gateway': noInclusiveGateway,
  'no-overlapping-elements': noOverlappingElements,
  'single-blank-start-event': singleBlankStartEvent,
  'single-event-definition': singleEventDefinition,
  'start-event-required': startEventRequired,
  'sub-process-blank-start-event': subProcessBlankStartEvent,
  'superfluous-gateway': superfluousGateway,
  'superfluous-label': superfluousLabel,
  'superfluous-termination': superfluousTermination
};

export const RULES_URL = '/aturan/';

/**
 * A rule factory whose rules link to `url` (bpmn-js-bpmnlint reads
 * `meta.documentation.url`), or to nothing when `url` is empty.
 */
export function linkedTo(factory, url) {
  return function(config) {
    const rule = factory(config);
    const meta = { ...(rule.meta || {}), documentation: { ...((rule.meta || {}).documentation || {}), url: url || null } };
    return { ...rule, meta };
  };
}

/**
 * `{ config, resolver }` for bpmn-js-bpmnlint (`linting.bpmnlint`); rule links go to
 * `rulesUrl` + the rule's id (the server's /aturan/ pages by default).
 */
export function lintConfig({ rulesUrl = RULES_URL } = {}) {
  const ppb = createPlugin(offlineRules);
  const url = id => rulesUrl ? `${rulesUrl}${encodeURIComponent(id)}` : null;
  const resolver = {
    resolveRule(pkg, name) {
      if (pkg === 'bpmnlint') {
        const rule = BUILTIN[name];
        if (!rule) throw new Error(`unknown rule <${pkg}/${name}>`);
        return linkedTo(rule, url(name));
      }
      const rule = ppb.resolver.resolveRule(pkg, name);
      return rule ? linkedTo(rule, url(name)) : rule;
    },
    resolveConfig(pkg, name) {
      if (pkg === 'bpmnlint' && name === 'recommended') return recommended;
      return ppb.resolver.resolveConfig(pkg, name);
    }
  };
  return {
    config: { extends: [ 'bpmnlint:recommended', 'plugin:ppb/recommended' ] },
    resolver
  };
}
