/** Depth and cost limits on GraphQL operations, for HTTP (an Apollo plugin) and WebSocket. */
export { operationLimitsPlugin } from "./apollo-plugin.js";
export {
  assertOperationWithinLimits,
  DEFAULT_OPERATION_LIMITS,
  type OperationLimits,
  type OperationSize,
  operationSize,
} from "./operation-size.js";
