/*
 * The hdr type: a varlena holding the shared version-1 encoding. Text input and output use the
 * core's readable form (hdr_format_text), binary send and receive the encoding itself; every way in
 * validates, so a stored hdr is always a valid, canonical encoding.
 */
#include "hdr_pg.h"

#include "catalog/pg_type.h"
#include "fmgr.h"
#include "libpq/pqformat.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/lsyscache.h"

PG_FUNCTION_INFO_V1(hdr_sql_in);
PG_FUNCTION_INFO_V1(hdr_sql_out);
PG_FUNCTION_INFO_V1(hdr_sql_recv);
PG_FUNCTION_INFO_V1(hdr_sql_send);
PG_FUNCTION_INFO_V1(hdr_sql_from_bytea);
PG_FUNCTION_INFO_V1(hdr_sql_from_buckets);

/** hdr_in(cstring) -> hdr: the text form or "\x" and the hex digits of the encoding. */
Datum hdr_sql_in(PG_FUNCTION_ARGS) {
  const char *text = PG_GETARG_CSTRING(0);
  hdr_histogram h;
  hdr_error err;
  hdr_init(&h, &hdr_pg_allocator);
  if (hdr_parse_text(&h, text, &err) != HDR_OK) {
    hdr_pg_raise(&err, ERRCODE_INVALID_TEXT_REPRESENTATION, "input syntax for type hdr");
  }
  PG_RETURN_BYTEA_P(hdr_pg_encode(&h));
}

/** hdr_out(hdr) -> cstring: {"count":..,"sum":..,"min":..,"max":..,"runs":[[start,[counts]],..]} in units. */
Datum hdr_sql_out(PG_FUNCTION_ARGS) {
  hdr_histogram h;
  char *text;
  size_t size;
  hdr_init(&h, &hdr_pg_allocator);
  hdr_pg_decode(&h, PG_GETARG_VARLENA_PP(0));
  size = hdr_format_text(&h, NULL, 0) + 1;
  text = palloc(size);
  hdr_format_text(&h, text, size);
  PG_RETURN_CSTRING(text);
}

/** hdr_recv(internal) -> hdr: the binary form is the encoding, validated and kept as it is. */
Datum hdr_sql_recv(PG_FUNCTION_ARGS) {
  StringInfo buf = (StringInfo)PG_GETARG_POINTER(0);
  int len = buf->len - buf->cursor;
  const char *bytes = pq_getmsgbytes(buf, len);
  bytea *out;
  hdr_error err;
  if (hdr_validate((const uint8_t *)bytes, (size_t)len, &err) != HDR_OK) {
    hdr_pg_raise(&err, ERRCODE_INVALID_BINARY_REPRESENTATION, "binary hdr value");
  }
  out = (bytea *)palloc(VARHDRSZ + len);
  SET_VARSIZE(out, VARHDRSZ + len);
  memcpy(VARDATA(out), bytes, len);
  PG_RETURN_BYTEA_P(out);
}

/** hdr_send(hdr) -> bytea: the encoding as stored. */
Datum hdr_sql_send(PG_FUNCTION_ARGS) {
  struct varlena *value = PG_GETARG_VARLENA_PP(0);
  StringInfoData buf;
  pq_begintypsend(&buf);
  pq_sendbytes(&buf, VARDATA_ANY(value), VARSIZE_ANY_EXHDR(value));
  PG_RETURN_BYTEA_P(pq_endtypsend(&buf));
}

/** hdr(bytea) -> hdr: the cast from the encoding as bytes (what agents send), validated. */
Datum hdr_sql_from_bytea(PG_FUNCTION_ARGS) {
  struct varlena *value = PG_GETARG_VARLENA_PP(0);
  hdr_error err;
  if (hdr_validate((const uint8_t *)VARDATA_ANY(value), VARSIZE_ANY_EXHDR(value), &err) != HDR_OK) {
    hdr_pg_raise(&err, ERRCODE_INVALID_BINARY_REPRESENTATION, "hdr encoding");
  }
  PG_RETURN_DATUM(PG_GETARG_DATUM(0));
}

/* The elements of a one-dimensional array without NULLs; ERROR naming `what` otherwise. */
static Datum *array_elements(ArrayType *array, Oid type, const char *what, int *n) {
  Datum *elements;
  bool *nulls;
  int16 len;
  bool byval;
  char align;
  int k;
  if (ARR_NDIM(array) > 1) {
    ereport(ERROR, (errcode(ERRCODE_ARRAY_SUBSCRIPT_ERROR), errmsg("%s must be a one-dimensional array", what)));
  }
  get_typlenbyvalalign(type, &len, &byval, &align);
  deconstruct_array(array, type, len, byval, align, &elements, &nulls, n);
  for (k = 0; k < *n; k++) {
    if (nulls[k]) {
      ereport(ERROR, (errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED), errmsg("%s has a NULL at position %d", what, k + 1)));
    }
  }
  return elements;
}

/* A bigint statistic as u64; ERROR when negative. */
static uint64 non_negative(int64 value, const char *what) {
  if (value < 0) {
    ereport(ERROR, (errcode(ERRCODE_INVALID_PARAMETER_VALUE),
                    errmsg("%s is %lld; histogram statistics are non-negative units", what, (long long)value)));
  }
  return (uint64)value;
}

/**
 * hdr_from_buckets(idx int4[], cnt int8[], count int8, sum int8, min int8, max int8) -> hdr: a
 * histogram from the pure-SQL fallback's form (units, bucket indexes in any order).
 */
Datum hdr_sql_from_buckets(PG_FUNCTION_ARGS) {
  int n_indexes, n_counts, k;
  Datum *indexes = array_elements(PG_GETARG_ARRAYTYPE_P(0), INT4OID, "idx", &n_indexes);
  Datum *counts = array_elements(PG_GETARG_ARRAYTYPE_P(1), INT8OID, "cnt", &n_counts);
  int32 *index_values;
  uint64 *count_values;
  hdr_histogram h;
  hdr_error err;
  if (n_indexes != n_counts) {
    ereport(ERROR, (errcode(ERRCODE_ARRAY_SUBSCRIPT_ERROR),
                    errmsg("idx has %d elements but cnt has %d; they are parallel arrays", n_indexes, n_counts)));
  }
  index_values = palloc(sizeof(int32) * (n_indexes + 1));
  count_values = palloc(sizeof(uint64) * (n_counts + 1));
  for (k = 0; k < n_indexes; k++) {
    index_values[k] = DatumGetInt32(indexes[k]);
    count_values[k] = non_negative(DatumGetInt64(counts[k]), "a bucket count");
  }
  hdr_init(&h, &hdr_pg_allocator);
  if (hdr_from_buckets(&h, index_values, count_values, (size_t)n_indexes, non_negative(PG_GETARG_INT64(2), "count"),
                       non_negative(PG_GETARG_INT64(3), "sum"), non_negative(PG_GETARG_INT64(4), "min"),
                       non_negative(PG_GETARG_INT64(5), "max"), &err) != HDR_OK) {
    hdr_pg_raise(&err, ERRCODE_INVALID_PARAMETER_VALUE, "histogram buckets");
  }
  PG_RETURN_BYTEA_P(hdr_pg_encode(&h));
}
