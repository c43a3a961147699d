/*
 * The aggregates hdr_merge(hdr), hdr_merge(bytea) and hdr_agg(float8). Their transition state is a
 * core histogram (an `internal` pointer) living in the aggregate's memory context; partial states
 * travel between parallel workers in the shared encoding (serialize/deserialize) and are merged by
 * the combine function, so parallel and serial plans give the same histogram.
 */
#include "hdr_pg.h"

#include "fmgr.h"

PG_FUNCTION_INFO_V1(hdr_sql_merge_transfn);
PG_FUNCTION_INFO_V1(hdr_sql_agg_transfn);
PG_FUNCTION_INFO_V1(hdr_sql_state_combine);
PG_FUNCTION_INFO_V1(hdr_sql_state_serialize);
PG_FUNCTION_INFO_V1(hdr_sql_state_deserialize);
PG_FUNCTION_INFO_V1(hdr_sql_state_final);

static MemoryContext aggregate_context(FunctionCallInfo fcinfo, const char *function) {
  MemoryContext context;
  if (!AggCheckCallContext(fcinfo, &context)) {
    ereport(ERROR, (errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
                    errmsg("%s can only be called as part of an aggregate", function)));
  }
  return context;
}

/* The state in argument 0, created (empty, allocating in `context`) on the first value. */
static hdr_histogram *state_arg(FunctionCallInfo fcinfo, MemoryContext context) {
  hdr_histogram *state;
  if (!PG_ARGISNULL(0)) return (hdr_histogram *)PG_GETARG_POINTER(0);
  state = MemoryContextAlloc(context, sizeof(hdr_histogram));
  hdr_init(state, &hdr_pg_allocator);
  return state;
}

/** hdr_merge_transfn(internal, hdr or bytea) -> internal: adds one encoded histogram; NULLs are skipped. */
Datum hdr_sql_merge_transfn(PG_FUNCTION_ARGS) {
  MemoryContext context = aggregate_context(fcinfo, "hdr_merge_transfn");
  MemoryContext previous;
  hdr_histogram *state;
  if (PG_ARGISNULL(1)) {
    if (PG_ARGISNULL(0)) PG_RETURN_NULL();
    PG_RETURN_POINTER(PG_GETARG_POINTER(0));
  }
  state = state_arg(fcinfo, context);
  /* The bucket window may grow, and must outlive this row. */
  previous = MemoryContextSwitchTo(context);
  hdr_pg_merge(state, PG_GETARG_VARLENA_PP(1));
  MemoryContextSwitchTo(previous);
  PG_RETURN_POINTER(state);
}

/** hdr_agg_transfn(internal, float8) -> internal: records round(value * 1000) units; NULLs are skipped. */
Datum hdr_sql_agg_transfn(PG_FUNCTION_ARGS) {
  MemoryContext context = aggregate_context(fcinfo, "hdr_agg_transfn");
  MemoryContext previous;
  hdr_histogram *state;
  hdr_error err;
  uint64 units;
  if (PG_ARGISNULL(1)) {
    if (PG_ARGISNULL(0)) PG_RETURN_NULL();
    PG_RETURN_POINTER(PG_GETARG_POINTER(0));
  }
  units = hdr_pg_to_units(PG_GETARG_FLOAT8(1));
  state = state_arg(fcinfo, context);
  previous = MemoryContextSwitchTo(context);
  err.status = hdr_record(state, units, 1);
  MemoryContextSwitchTo(previous);
  if (err.status != HDR_OK) {
    strlcpy(err.message, "recording one more value passes 2^64 - 1", sizeof err.message);
    hdr_pg_raise(&err, ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE, "hdr_agg");
  }
  PG_RETURN_POINTER(state);
}

/** hdr_state_combine(internal, internal) -> internal: merges two partial states. */
Datum hdr_sql_state_combine(PG_FUNCTION_ARGS) {
  MemoryContext context = aggregate_context(fcinfo, "hdr_state_combine");
  MemoryContext previous;
  hdr_histogram *state;
  hdr_error err;
  if (PG_ARGISNULL(1)) {
    if (PG_ARGISNULL(0)) PG_RETURN_NULL();
    PG_RETURN_POINTER(PG_GETARG_POINTER(0));
  }
  /* The second state may live in a shorter-lived context, so it is copied, never adopted. */
  state = state_arg(fcinfo, context);
  previous = MemoryContextSwitchTo(context);
  err.status = hdr_merge(state, (hdr_histogram *)PG_GETARG_POINTER(1));
  MemoryContextSwitchTo(previous);
  if (err.status != HDR_OK) {
    strlcpy(err.message, "the merged count or sum passes 2^64 - 1", sizeof err.message);
    hdr_pg_raise(&err, ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE, "hdr_merge");
  }
  PG_RETURN_POINTER(state);
}

/** hdr_state_serialize(internal) -> bytea: a partial state in the shared encoding. */
Datum hdr_sql_state_serialize(PG_FUNCTION_ARGS) {
  aggregate_context(fcinfo, "hdr_state_serialize");
  PG_RETURN_BYTEA_P(hdr_pg_encode((hdr_histogram *)PG_GETARG_POINTER(0)));
}

/** hdr_state_deserialize(bytea, internal) -> internal: a partial state from hdr_state_serialize. */
Datum hdr_sql_state_deserialize(PG_FUNCTION_ARGS) {
  hdr_histogram *state;
  aggregate_context(fcinfo, "hdr_state_deserialize");
  state = palloc(sizeof(hdr_histogram));
  hdr_init(state, &hdr_pg_allocator);
  hdr_pg_decode(state, PG_GETARG_BYTEA_PP(0));
  PG_RETURN_POINTER(state);
}

/** hdr_state_final(internal) -> hdr: the merged histogram; NULL when no non-NULL value came. */
Datum hdr_sql_state_final(PG_FUNCTION_ARGS) {
  if (PG_ARGISNULL(0)) PG_RETURN_NULL();
  PG_RETURN_BYTEA_P(hdr_pg_encode((hdr_histogram *)PG_GETARG_POINTER(0)));
}
