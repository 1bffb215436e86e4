export { builtInActions } from './actions/index.js';
export { buttonActions, compileFlow, type FlowImplementations } from './compile.js';
export {
  ActionFailure,
  type ActionInput,
  type ActionResult,
  type FlowAction,
  type FlowContext,
  type FlowEvent,
  type FlowGuard,
} from './context.js';
export type { FlowDefinition, StateDef } from './definition.js';
export { builtInGuards } from './guards.js';
export { flowsFromSources, loadFlows } from './load-flows.js';
export { decodePayload, encodePayload, type ButtonPayload } from './payload.js';
export { createFlowRuntime, type FlowRuntime } from './runtime.js';
export { flowJsonSchema } from './schema.js';
export type { FlowServices, ProductEvidence } from './services.js';
