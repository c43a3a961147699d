/** The agent's metric output: runner batches as stream documents, shipped in order and resent after failures. */
export { MetricShipper, type MetricShipperOptions } from "./metric-shipper.js";
export { toStreamDocument } from "./stream-document.js";
