-- The metric store (docs/design.md "Metrics", docs/platform.md "Metric stream"): the series of each
-- run, one row per series per agent per aggregation period, the batches already received, and
-- values derived as data arrives. src/metrics/README.md explains the choices.

-- A time series is (run, metric, tag set). tags_key is a canonical text of the tag set (sorted
-- [name, value] pairs as JSON, src/metrics/batch/tags-key.ts), so equal tag sets find one row.
create table metric_series (
  id bigint generated always as identity primary key,
  run_id bigint not null references test_runs on delete cascade,
  metric text not null,
  type text not null check (type in ('counter', 'gauge', 'rate', 'trend')),
  contains text not null check (contains in ('default', 'time', 'data')),
  tags jsonb not null,
  tags_key text not null,
  unique (run_id, metric, tags_key)
);

-- One row per (run, agent, seq) received: a resent batch finds its row and is answered as a
-- duplicate without writing anything else. Gaps in seq are lost or late batches.
create table metric_batches (
  run_id bigint not null references test_runs on delete cascade,
  instance_id bigint not null references run_instances on delete cascade,
  seq bigint not null check (seq >= 1),
  period_start timestamptz not null,
  period_end timestamptz not null,
  points integer not null check (points >= 0),
  received_at timestamptz not null default now(),
  primary key (run_id, instance_id, seq)
);

-- One row per series per agent per period; ts is the period's end. The columns of the series'
-- type are set, the others are null. Trends keep their exact count, sum, min and max (metric unit,
-- as the runner sent them) and the histogram in both forms hdr-native's src/sql reads: hdr_hist
-- (the version-1 encoding, merged by the barrage_hdr extension) and hdr_idx/hdr_cnt (merged by the
-- pure-SQL fallback), with hdr_sum/hdr_min/hdr_max in integer units; one table serves both modes.
-- No foreign keys: a check per row would cost ingest more than it protects (only ingestBatch
-- writes here, after resolving the series), and retention drops whole partitions.
create table metric_points (
  run_id bigint not null,
  series_id bigint not null,
  instance_id bigint not null,
  ts timestamptz not null,
  period_ms integer not null check (period_ms > 0),
  counter_sum double precision,
  gauge_last double precision,
  gauge_min double precision,
  gauge_max double precision,
  gauge_count bigint,
  rate_nonzero bigint,
  rate_total bigint,
  trend_count bigint,
  trend_sum double precision,
  trend_min double precision,
  trend_max double precision,
  hdr_sum bigint,
  hdr_min bigint,
  hdr_max bigint,
  hdr_hist bytea,
  hdr_idx smallint[],
  hdr_cnt integer[],
  primary key (series_id, ts, instance_id)
) partition by range (ts);

-- Values kept up to date by every ingested batch, for reads that must not merge raw points: per
-- series, per bucket of 10 seconds (bucket = its start) and for the whole run (bucket =
-- '-infinity'). count: counter sum, gauge/trend samples, rate total; rate: counter and trend
-- count per second (of the bucket, or of first_start..last_end for the whole run), rate ratio;
-- percentiles of trends from hdr_hist, the merged histogram. Gauge values are not derived: the
-- summed-gauge rule (src/metrics/queries/gauge-values.ts) needs every agent's last value. version
-- grows with every update, so a process that cached a row reads its histogram again only when
-- another process changed it.
create table metric_derived (
  run_id bigint not null references test_runs on delete cascade,
  series_id bigint not null,
  bucket timestamptz not null,
  count double precision not null,
  nonzero bigint,
  sum double precision,
  min double precision,
  max double precision,
  rate double precision,
  p50 double precision,
  p90 double precision,
  p95 double precision,
  p99 double precision,
  hdr_hist bytea,
  first_start timestamptz not null,
  last_end timestamptz not null,
  version bigint not null default 1,
  updated_at timestamptz not null default now(),
  primary key (run_id, series_id, bucket)
);
