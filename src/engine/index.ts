/**
 * Reachlab's reachability engine: the only public entry. Pure TypeScript: no DOM, no Node APIs.
 * Pipeline: model/ (parse, validate) → eval/ (trace, filters, routing, DNS) → query/ (analyze,
 * who-can-reach, diff, lint) → explain/ (text).
 */
export { AddressSet, PortSet } from './addr/address-set.ts';
export { formatCidr, formatIpv4, parseCidr, parseIpv4 } from './addr/ip.ts';
export {
  DIAGNOSTIC_CODES,
  type Diagnostic,
  type DiagnosticCode,
  type Path,
  type SourcePos,
  type SourceRange,
  formatPath,
  prettyDiagnostic,
} from './model/diagnostics.ts';
export type { Model } from './model/model.ts';
export { INPUT_LIMITS, type InputLimit } from './model/limits.ts';
export { MAX_ALIASES, MAX_ALIAS_VALUES, MAX_INPUT_CHARS, MAX_MAPPING_KEYS, MAX_NESTING, MAX_RECOVERY_CHARS, MAX_VALUES, parseScenarioText } from './model/parse.ts';
export { type Scenario, ScenarioSchema, scenarioJsonSchema } from './model/schema.ts';
export {
  type Composed,
  type FiledDiagnostic,
  type NetworkRef,
  type Segment,
  type SourceFile,
  composeScenario,
  networkRefOf,
  originOf,
  relocate,
  resolveNetworkPath,
  segmentsOf,
  whereIs,
} from './model/compose.ts';
export { LIMITS, validateScenario } from './model/validate.ts';
export { parseServer, redactConnectionString, redactSecrets } from './model/connection-string.ts';
export { ASE_DEPENDENCIES, ASE_MANAGEMENT, type AseHealth } from './eval/health.ts';
export { ASSUMPTIONS, type AssumptionId } from './eval/assumptions.ts';
export { AZURE_RANGES, AZURE_RANGES_SOURCE } from './data/azure-ranges.ts';
export { SERVICE_ENDPOINT_SERVICES, type ServiceEndpointService } from './model/service-endpoints.ts';
export { type ObjectKind, type ObjectRef, idBody, ref, refMatches } from './model/refs.ts';
export { parseHostPort } from './model/target.ts';
export { type ResolvedProbe, echo, resolveProbe } from './model/probes.ts';
export { type Mismatch, expectText } from './query/expect.ts';
export * as words from './explain/words.ts';
export { ProbeEvaluator } from './eval/probe.ts';
export {
  type Assumption,
  type FlowResult,
  type FlowSummary,
  type HealthProblem,
  type Hop,
  type HopFacts,
  OUTCOMES,
  type HopKind,
  type Outcome,
  RESULT_CODES,
  type ResultCode,
  type RuleRef,
  type RuleSpec,
  SUCCESS_OUTCOMES,
  type StepAction,
} from './eval/result.ts';
export { type Source, type Target, Tracer } from './eval/trace.ts';
export { type Analysis, type CheckedProbe, type Question, analyze, reanalyze, topologyShown } from './query/analyze.ts';
export { shownAs } from './query/moved.ts';
export { type FlippedFlow, diffAnalyses } from './query/diff.ts';
export { type WhoCanReach, parseTarget, regionsOf, whoCanReach } from './query/who-can-reach.ts';
export { formatAnalysis, formatResult, formatWhoCanReach } from './explain/format.ts';
