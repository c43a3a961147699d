import { HDR_SQL_FUNCTIONS, type HdrMode, installHdrSql } from "@barrage/hdr-native";
import type pg from "pg";
import { fillBucketArrays } from "./fill-bucket-arrays.js";

/** Where the metric store reports which HDR mode it uses; `console` by default. */
export interface MetricStoreLogger {
  info(message: string): void;
}

/** Options of {@link prepareMetricStore}. */
export interface MetricStoreOptions {
  /**
   * `"auto"` (default): use the barrage_hdr extension when the server has it and the role may create
   * it, else the pure-SQL fallback. `"sql"`: the fallback only, without creating the extension (for
   * servers where it must not be created, and to test the fallback).
   */
  hdrMode?: "auto" | "sql";
  logger?: MetricStoreLogger;
}

// Serializes this module's own creation of the fallback functions when several processes start at once.
const FALLBACK_LOCK = "hashtext('barrage.metrics.hdr_sql')";

const modes = new WeakMap<pg.Pool, Promise<HdrMode>>();

/**
 * Makes a database ready for histogram queries once per pool and logs the HDR mode chosen: the
 * barrage_hdr extension, or the pure-SQL fallback and why. Later calls on the same pool return the
 * first call's answer, whatever their options. Every query calls it, so without a call at start-up the
 * first query prepares the database with the defaults.
 *
 * @throws Error when the fallback's functions cannot be created (the role needs CREATE on the database)
 * @example
 * const mode = await prepareMetricStore(pool, { logger }); // logs "metric store: HDR histograms ..."
 */
export function prepareMetricStore(pool: pg.Pool, options: MetricStoreOptions = {}): Promise<HdrMode> {
  let mode = modes.get(pool);
  if (mode === undefined) {
    mode = install(pool, options);
    // A failed start-up is not cached, so that the next query tries again.
    mode.catch(() => modes.delete(pool));
    modes.set(pool, mode);
  }
  return mode;
}

async function install(pool: pg.Pool, options: MetricStoreOptions): Promise<HdrMode> {
  const logger = options.logger ?? console;
  const mode = await chooseMode(pool, options, logger);
  const { rows } = await pool.query<{ hdr_mode: HdrMode }>("select hdr_mode from metric_store_mode");
  if (mode === "sql" && rows[0]?.hdr_mode === "extension") {
    logger.info(
      "metric store: filling the bucket arrays of the points stored under the barrage_hdr extension",
    );
    const filled = await fillBucketArrays(pool, (n) => {
      if (n % 100_000 === 0) logger.info(`metric store: ${n} points filled`);
    });
    logger.info(`metric store: filled the bucket arrays of ${filled} points`);
  }
  // Recorded only once the arrays are filled, so that a start interrupted while filling fills again.
  await pool.query(
    `insert into metric_store_mode (hdr_mode) values ($1)
     on conflict (only_row) do update set hdr_mode = excluded.hdr_mode, changed_at = now()
      where metric_store_mode.hdr_mode <> excluded.hdr_mode`,
    [mode],
  );
  return mode;
}

async function chooseMode(
  pool: pg.Pool,
  options: MetricStoreOptions,
  logger: MetricStoreLogger,
): Promise<HdrMode> {
  if (options.hdrMode === "sql") {
    try {
      await pool.query(`SELECT pg_advisory_xact_lock(${FALLBACK_LOCK});${HDR_SQL_FUNCTIONS}`);
    } catch (error) {
      throw new Error(
        `cannot create the HDR fallback functions: ${(error as Error).message}; the database role needs CREATE on the database`,
        { cause: error },
      );
    }
    logger.info("metric store: HDR histograms merged by the pure-SQL fallback (configured hdrMode: sql)");
    return "sql";
  }
  const installation = await installHdrSql(pool);
  logger.info(
    installation.mode === "extension"
      ? `metric store: HDR histograms merged by the barrage_hdr extension ${installation.extensionVersion}`
      : `metric store: HDR histograms merged by the pure-SQL fallback (${installation.reason})`,
  );
  return installation.mode;
}
