export { type BucketBounds, bucketBounds, bucketIndex } from "./buckets.js";
export { decodeHistogram } from "./decode.js";
export { HdrDecodeError } from "./decode-error.js";
export { encodeHistogram } from "./encode.js";
export { Histogram } from "./histogram.js";
export * from "./sql/index.js";
export { fromUnits, toUnits } from "./units.js";
