export { type ControlAddress, parseControlAddress } from "./address.js";
export { ControlError } from "./control-error.js";
export { ExecutionStatus } from "./execution-status.js";
export type {
  ControlCheck,
  ControlGroup,
  ControlMetric,
  ControlStatus,
  MetricValueType,
  RunControl,
} from "./run-control.js";
export { type ControlServer, startControlServer } from "./server.js";
