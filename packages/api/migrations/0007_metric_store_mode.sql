-- The HDR mode the metric store last ran in. Trend points keep their bucket arrays
-- (metric_points.hdr_idx/hdr_cnt) only while the store runs on the pure-SQL fallback, which merges
-- them; the barrage_hdr extension merges hdr_hist alone. A process starting on the fallback after
-- the extension (a database moved to a managed server, or hdrMode: "sql") fills the arrays of the
-- rows written meanwhile before it serves (src/metrics/fill-bucket-arrays.ts). Rows written before
-- this migration have both forms: no mode recorded means nothing to fill.
create table metric_store_mode (
  only_row boolean primary key default true check (only_row),
  hdr_mode text not null check (hdr_mode in ('extension', 'sql')),
  changed_at timestamptz not null default now()
);
