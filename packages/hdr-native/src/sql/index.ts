export { HDR_SQL_FUNCTIONS, HDR_SQL_SCHEMA } from "./fallback-ddl.js";
export { type HdrInstallation, installHdrSql } from "./install.js";
export {
  chooseHdrMode,
  detectHdrMode,
  HDR_EXTENSION,
  type HdrMode,
  type HdrServerFacts,
  readHdrServerFacts,
} from "./mode.js";
export type { HdrQueryable } from "./queryable.js";
export {
  DEFAULT_HDR_COLUMNS,
  HDR_ROW_COLUMNS_SQL,
  type HdrColumnNames,
  type HdrRowValues,
  hdrRowValues,
} from "./row.js";
export {
  buildHdrSummaryQuery,
  type HdrQuery,
  type HdrSummary,
  type HdrSummarySpec,
  queryHdrSummaries,
  readHdrSummaries,
} from "./summary-query.js";
