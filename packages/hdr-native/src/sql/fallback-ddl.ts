/** Schema holding the functions of the pure-SQL fallback. */
export const HDR_SQL_SCHEMA = "barrage_hdr_sql";

/**
 * The fallback's functions. `bucket_value(i, lo, hi)` is the value a merged bucket reports, in the
 * metric's unit: the midpoint lower + (upper - lower - 1) / 2 of bucket i, clamped to [lo, hi] (units),
 * divided by 1000. It does the same float8 operations in the same order as the C core and the
 * TypeScript twin, so all three report identical numbers. Not STRICT, so the planner can inline it.
 */
export const HDR_SQL_FUNCTIONS = `
CREATE SCHEMA IF NOT EXISTS ${HDR_SQL_SCHEMA};
COMMENT ON SCHEMA ${HDR_SQL_SCHEMA} IS 'Barrage: pure-SQL fallback for HDR histograms (no C extension needed)';
CREATE OR REPLACE FUNCTION ${HDR_SQL_SCHEMA}.bucket_value(i int4, lo int8, hi int8) RETURNS float8
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT least(hi::float8, greatest(lo::float8,
           CASE WHEN i < 256 THEN i::float8
                ELSE (i - ((i >> 7) - 1) * 128)::float8 * 2::float8 ^ ((i >> 7) - 1)
                     + (2::float8 ^ ((i >> 7) - 1) - 1) / 2
           END)) / 1000
$$;
COMMENT ON FUNCTION ${HDR_SQL_SCHEMA}.bucket_value(int4, int8, int8)
  IS 'value reported for HDR bucket i: its midpoint clamped to [lo, hi] units, in the metric unit (/ 1000)';
`;
