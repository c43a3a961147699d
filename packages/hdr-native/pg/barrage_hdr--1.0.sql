-- barrage_hdr 1.0: the hdr type (the shared version-1 encoding), its merge aggregates and statistics.
-- Values go in and come out in the metric's own unit (milliseconds for times); inside they are
-- integer units, round(value * 1000). See packages/hdr-native/README.md.
\echo Use "CREATE EXTENSION barrage_hdr" to load this file. \quit

CREATE TYPE hdr;

CREATE FUNCTION hdr_in(cstring) RETURNS hdr
  AS 'MODULE_PATHNAME', 'hdr_sql_in' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION hdr_out(hdr) RETURNS cstring
  AS 'MODULE_PATHNAME', 'hdr_sql_out' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION hdr_recv(internal) RETURNS hdr
  AS 'MODULE_PATHNAME', 'hdr_sql_recv' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION hdr_send(hdr) RETURNS bytea
  AS 'MODULE_PATHNAME', 'hdr_sql_send' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE TYPE hdr (
  INPUT = hdr_in,
  OUTPUT = hdr_out,
  RECEIVE = hdr_recv,
  SEND = hdr_send,
  INTERNALLENGTH = VARIABLE,
  STORAGE = extended
);
COMMENT ON TYPE hdr IS 'HDR histogram of integer units (value * 1000) in the shared Barrage encoding';

-- bytea holding the encoding (what agents send, what a portable table stores) becomes hdr after validation;
-- hdr is already valid bytes, so the way back costs nothing.
CREATE FUNCTION hdr(bytea) RETURNS hdr
  AS 'MODULE_PATHNAME', 'hdr_sql_from_bytea' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE CAST (bytea AS hdr) WITH FUNCTION hdr(bytea);
CREATE CAST (hdr AS bytea) WITHOUT FUNCTION;

CREATE FUNCTION hdr_from_buckets(idx int4[], cnt int8[], count int8, sum int8, min int8, max int8) RETURNS hdr
  AS 'MODULE_PATHNAME', 'hdr_sql_from_buckets' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION hdr_from_buckets(int4[], int8[], int8, int8, int8, int8)
  IS 'histogram from the pure-SQL fallback''s form: bucket indexes and counts plus count, sum, min, max in units';

CREATE FUNCTION hdr_percentile(hdr, float8) RETURNS float8
  AS 'MODULE_PATHNAME', 'hdr_sql_percentile' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION hdr_percentiles(hdr, float8[]) RETURNS float8[]
  AS 'MODULE_PATHNAME', 'hdr_sql_percentiles' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION hdr_count(hdr) RETURNS int8
  AS 'MODULE_PATHNAME', 'hdr_sql_count' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION hdr_sum(hdr) RETURNS float8
  AS 'MODULE_PATHNAME', 'hdr_sql_sum' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION hdr_mean(hdr) RETURNS float8
  AS 'MODULE_PATHNAME', 'hdr_sql_mean' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION hdr_min(hdr) RETURNS float8
  AS 'MODULE_PATHNAME', 'hdr_sql_min' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION hdr_max(hdr) RETURNS float8
  AS 'MODULE_PATHNAME', 'hdr_sql_max' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION hdr_stddev(hdr) RETURNS float8
  AS 'MODULE_PATHNAME', 'hdr_sql_stddev' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

-- Aggregate support: the state is a histogram in memory; partial states cross workers encoded.
CREATE FUNCTION hdr_merge_transfn(internal, hdr) RETURNS internal
  AS 'MODULE_PATHNAME', 'hdr_sql_merge_transfn' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION hdr_merge_transfn(internal, bytea) RETURNS internal
  AS 'MODULE_PATHNAME', 'hdr_sql_merge_transfn' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION hdr_agg_transfn(internal, float8) RETURNS internal
  AS 'MODULE_PATHNAME', 'hdr_sql_agg_transfn' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION hdr_state_combine(internal, internal) RETURNS internal
  AS 'MODULE_PATHNAME', 'hdr_sql_state_combine' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION hdr_state_serialize(internal) RETURNS bytea
  AS 'MODULE_PATHNAME', 'hdr_sql_state_serialize' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION hdr_state_deserialize(bytea, internal) RETURNS internal
  AS 'MODULE_PATHNAME', 'hdr_sql_state_deserialize' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION hdr_state_final(internal) RETURNS hdr
  AS 'MODULE_PATHNAME', 'hdr_sql_state_final' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE AGGREGATE hdr_merge(hdr) (
  SFUNC = hdr_merge_transfn,
  STYPE = internal,
  FINALFUNC = hdr_state_final,
  COMBINEFUNC = hdr_state_combine,
  SERIALFUNC = hdr_state_serialize,
  DESERIALFUNC = hdr_state_deserialize,
  PARALLEL = SAFE
);
COMMENT ON AGGREGATE hdr_merge(hdr) IS 'merge of histograms; NULL when no non-NULL input';

CREATE AGGREGATE hdr_merge(bytea) (
  SFUNC = hdr_merge_transfn,
  STYPE = internal,
  FINALFUNC = hdr_state_final,
  COMBINEFUNC = hdr_state_combine,
  SERIALFUNC = hdr_state_serialize,
  DESERIALFUNC = hdr_state_deserialize,
  PARALLEL = SAFE
);
COMMENT ON AGGREGATE hdr_merge(bytea) IS 'merge of histograms stored as their encoding in bytea; NULL when no input';

CREATE AGGREGATE hdr_agg(float8) (
  SFUNC = hdr_agg_transfn,
  STYPE = internal,
  FINALFUNC = hdr_state_final,
  COMBINEFUNC = hdr_state_combine,
  SERIALFUNC = hdr_state_serialize,
  DESERIALFUNC = hdr_state_deserialize,
  PARALLEL = SAFE
);
COMMENT ON AGGREGATE hdr_agg(float8)
  IS 'histogram of values in the metric''s unit, recorded as round(value * 1000) units (negatives as 0)';
