/*
 * Statistics of an hdr value, in the metric's own unit (units / 1000, so milliseconds for times)
 * except hdr_count. Each decodes its argument, which also validates it.
 */
#include "hdr_pg.h"

#include "catalog/pg_type.h"
#include "fmgr.h"
#include "utils/array.h"

PG_FUNCTION_INFO_V1(hdr_sql_percentile);
PG_FUNCTION_INFO_V1(hdr_sql_percentiles);
PG_FUNCTION_INFO_V1(hdr_sql_count);
PG_FUNCTION_INFO_V1(hdr_sql_sum);
PG_FUNCTION_INFO_V1(hdr_sql_mean);
PG_FUNCTION_INFO_V1(hdr_sql_min);
PG_FUNCTION_INFO_V1(hdr_sql_max);
PG_FUNCTION_INFO_V1(hdr_sql_stddev);

static void decode_arg(hdr_histogram *h, FunctionCallInfo fcinfo) {
  hdr_init(h, &hdr_pg_allocator);
  hdr_pg_decode(h, PG_GETARG_VARLENA_PP(0));
}

/* Values at the quantiles `qs` in the metric's unit; ERROR naming the first quantile outside [0, 1]. */
static void percentiles(const hdr_histogram *h, const double *qs, double *out, int n) {
  int k;
  for (k = 0; k < n; k++) {
    if (!(qs[k] >= 0.0 && qs[k] <= 1.0)) {
      ereport(ERROR, (errcode(ERRCODE_INVALID_PARAMETER_VALUE),
                      errmsg("quantile %g is outside [0, 1]", qs[k]),
                      errhint("Pass quantiles as fractions: 0.95 for p95.")));
    }
  }
  hdr_percentiles(h, qs, out, (size_t)n);
  for (k = 0; k < n; k++) out[k] = hdr_pg_from_units(out[k]);
}

/** hdr_percentile(hdr, q float8) -> float8: the value at quantile q in [0, 1]; 0 when empty. */
Datum hdr_sql_percentile(PG_FUNCTION_ARGS) {
  hdr_histogram h;
  double q = PG_GETARG_FLOAT8(1), out;
  decode_arg(&h, fcinfo);
  percentiles(&h, &q, &out, 1);
  PG_RETURN_FLOAT8(out);
}

/** hdr_percentiles(hdr, qs float8[]) -> float8[]: the values at several quantiles, in the order asked. */
Datum hdr_sql_percentiles(PG_FUNCTION_ARGS) {
  ArrayType *array = PG_GETARG_ARRAYTYPE_P(1);
  hdr_histogram h;
  Datum *elements, *results;
  bool *nulls;
  double *qs, *out;
  int n, k;
  if (ARR_NDIM(array) > 1) {
    ereport(ERROR, (errcode(ERRCODE_ARRAY_SUBSCRIPT_ERROR), errmsg("quantiles must be a one-dimensional array")));
  }
  deconstruct_array(array, FLOAT8OID, sizeof(float8), FLOAT8PASSBYVAL, TYPALIGN_DOUBLE, &elements, &nulls, &n);
  qs = palloc(sizeof(double) * (n + 1));
  out = palloc(sizeof(double) * (n + 1));
  results = palloc(sizeof(Datum) * (n + 1));
  for (k = 0; k < n; k++) {
    if (nulls[k]) {
      ereport(ERROR, (errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED), errmsg("quantile %d is NULL", k + 1)));
    }
    qs[k] = DatumGetFloat8(elements[k]);
  }
  decode_arg(&h, fcinfo);
  percentiles(&h, qs, out, n);
  for (k = 0; k < n; k++) results[k] = Float8GetDatum(out[k]);
  PG_RETURN_ARRAYTYPE_P(construct_array(results, n, FLOAT8OID, sizeof(float8), FLOAT8PASSBYVAL, TYPALIGN_DOUBLE));
}

/** hdr_count(hdr) -> int8: the number of recorded values. */
Datum hdr_sql_count(PG_FUNCTION_ARGS) {
  hdr_histogram h;
  decode_arg(&h, fcinfo);
  if (h.count > (uint64)PG_INT64_MAX) {
    ereport(ERROR, (errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
                    errmsg("hdr count %llu does not fit in bigint", (unsigned long long)h.count)));
  }
  PG_RETURN_INT64((int64)h.count);
}

/** hdr_sum(hdr) -> float8: the exact sum, in the metric's unit. */
Datum hdr_sql_sum(PG_FUNCTION_ARGS) {
  hdr_histogram h;
  decode_arg(&h, fcinfo);
  PG_RETURN_FLOAT8(hdr_pg_from_units((double)h.sum));
}

/** hdr_mean(hdr) -> float8: sum / count, 0 when empty. */
Datum hdr_sql_mean(PG_FUNCTION_ARGS) {
  hdr_histogram h;
  decode_arg(&h, fcinfo);
  PG_RETURN_FLOAT8(hdr_pg_from_units(hdr_mean(&h)));
}

/** hdr_min(hdr) -> float8: the exact minimum, 0 when empty. */
Datum hdr_sql_min(PG_FUNCTION_ARGS) {
  hdr_histogram h;
  decode_arg(&h, fcinfo);
  PG_RETURN_FLOAT8(hdr_pg_from_units((double)h.min));
}

/** hdr_max(hdr) -> float8: the exact maximum, 0 when empty. */
Datum hdr_sql_max(PG_FUNCTION_ARGS) {
  hdr_histogram h;
  decode_arg(&h, fcinfo);
  PG_RETURN_FLOAT8(hdr_pg_from_units((double)h.max));
}

/** hdr_stddev(hdr) -> float8: population standard deviation of the bucket midpoints; 0 below 2 values. */
Datum hdr_sql_stddev(PG_FUNCTION_ARGS) {
  hdr_histogram h;
  decode_arg(&h, fcinfo);
  PG_RETURN_FLOAT8(hdr_pg_from_units(hdr_stddev(&h)));
}
