-- Core schema: organizations and access, projects and tests, runs and what they produced.
-- Conventions (docs/platform.md): bigint identity ids, timestamptz times, and every row that
-- belongs to an organization reaches it through organization_id, directly or via its parent.

create table organizations (
  id bigint generated always as identity primary key,
  name text not null,
  created_at timestamptz not null default now()
);

create table users (
  id bigint generated always as identity primary key,
  name text not null,
  email text not null,
  created_at timestamptz not null default now()
);
-- Addresses differ only in case belong to one person.
create unique index users_email_key on users (lower(email));

create table members (
  organization_id bigint not null references organizations on delete cascade,
  user_id bigint not null references users on delete cascade,
  role text not null check (role in ('OWNER', 'ADMIN', 'MEMBER', 'READ_ONLY')),
  created_at timestamptz not null default now(),
  primary key (organization_id, user_id)
);
create index members_user_id_idx on members (user_id);

-- A token belongs to exactly one organization. Only the SHA-256 of the secret is stored; prefix
-- is the first characters of the secret, enough for a person to recognise it in a list.
create table api_tokens (
  id bigint generated always as identity primary key,
  organization_id bigint not null references organizations on delete cascade,
  name text not null,
  token_hash text not null unique check (token_hash ~ '^[0-9a-f]{64}$'),
  prefix text not null,
  scopes text[] not null check (scopes <@ array['READ', 'WRITE', 'ADMIN']),
  created_at timestamptz not null default now(),
  last_used_at timestamptz,
  revoked_at timestamptz
);
create index api_tokens_organization_id_idx on api_tokens (organization_id);

-- Absent row or null column: no limit.
create table org_limits (
  organization_id bigint primary key references organizations on delete cascade,
  max_vus integer check (max_vus > 0),
  max_duration_ms bigint check (max_duration_ms > 0),
  max_concurrent_runs integer check (max_concurrent_runs > 0)
);

create table projects (
  id bigint generated always as identity primary key,
  organization_id bigint not null references organizations on delete cascade,
  name text not null,
  created_at timestamptz not null default now(),
  unique (organization_id, name)
);

create table load_tests (
  id bigint generated always as identity primary key,
  project_id bigint not null references projects on delete cascade,
  name text not null,
  created_at timestamptz not null default now(),
  unique (project_id, name)
);

-- Content-addressed run archives (docs/platform.md, "Archive"); storage_key locates the bytes in
-- the object store.
create table archives (
  sha256 text primary key check (sha256 ~ '^[0-9a-f]{64}$'),
  size bigint not null check (size >= 0),
  storage_key text not null,
  created_at timestamptz not null default now()
);

-- Every run keeps the exact script it ran: versions are never updated after the archive step.
-- files maps a path relative to the entry script to its base64 bytes; options is filled by the
-- validate step with the options as validated.
create table script_versions (
  id bigint generated always as identity primary key,
  load_test_id bigint not null references load_tests on delete cascade,
  version integer not null check (version > 0),
  script text not null,
  files jsonb not null default '{}',
  options jsonb,
  archive_sha256 text references archives,
  created_at timestamptz not null default now(),
  unique (load_test_id, version)
);

-- Status codes follow k6 Cloud (-2 CREATED .. 9 ABORTED_BY_LIMIT); src/runs/status.ts holds the
-- transitions. organization_id and project_id are denormalised so that listings filter by
-- organization without joins.
create table test_runs (
  id bigint generated always as identity primary key,
  organization_id bigint not null references organizations on delete cascade,
  project_id bigint not null references projects on delete cascade,
  load_test_id bigint not null references load_tests on delete cascade,
  script_version_id bigint not null references script_versions,
  status text not null default 'CREATED' check (status in (
    'CREATED', 'VALIDATED', 'QUEUED', 'INITIALIZING', 'RUNNING', 'FINISHED', 'TIMED_OUT',
    'ABORTED_BY_USER', 'ABORTED_BY_SYSTEM', 'ABORTED_BY_SCRIPT_ERROR', 'ABORTED_BY_THRESHOLD',
    'ABORTED_BY_LIMIT')),
  status_reason text,
  note text,
  tags text[] not null default '{}',
  requirements jsonb,
  plan jsonb,
  result text check (result in ('PASSED', 'FAILED', 'ERROR')),
  distribution jsonb,
  created_at timestamptz not null default now(),
  started_at timestamptz,
  ended_at timestamptz
);
create index test_runs_organization_id_idx on test_runs (organization_id, id desc);
create index test_runs_load_test_id_idx on test_runs (load_test_id, id desc);
create index test_runs_project_id_idx on test_runs (project_id, id desc);
-- The admit step and the reaper look only at runs that are not over yet.
create index test_runs_active_idx on test_runs (organization_id, status)
  where status in ('CREATED', 'VALIDATED', 'QUEUED', 'INITIALIZING', 'RUNNING');

-- One row per status transition, the first one being CREATED.
create table run_events (
  id bigint generated always as identity primary key,
  run_id bigint not null references test_runs on delete cascade,
  status text not null,
  reason text,
  detail jsonb,
  at timestamptz not null default now()
);
create index run_events_run_id_idx on run_events (run_id, id);

-- organization_id is null for the platform's built-in zones, which every organization may use.
create table load_zones (
  id bigint generated always as identity primary key,
  organization_id bigint references organizations on delete cascade,
  name text not null,
  provider text not null check (provider in ('local', 'private', 'aws')),
  labels jsonb not null default '{}',
  vus_per_agent integer not null check (vus_per_agent > 0),
  config jsonb not null default '{}',
  created_at timestamptz not null default now()
);
-- Written as two partial indexes rather than NULLS NOT DISTINCT, which needs PostgreSQL 15.
create unique index load_zones_builtin_name_key on load_zones (name) where organization_id is null;
create unique index load_zones_organization_name_key on load_zones (organization_id, name)
  where organization_id is not null;

-- The default zone of design.md: agents as child processes of the platform on this host.
insert into load_zones (organization_id, name, provider, vus_per_agent) values (null, 'local', 'local', 1000);

-- One load generator of a run. segment and sequence are k6 execution-segment strings
-- ("0:1/4", "0,1/4,1/2,1"); bootstrap_token_hash is the SHA-256 of the one-time call-home token.
create table run_instances (
  id bigint generated always as identity primary key,
  run_id bigint not null references test_runs on delete cascade,
  load_zone_id bigint not null references load_zones,
  provider_ref text,
  segment text not null,
  sequence text not null,
  state text not null default 'REQUESTED' check (state in (
    'REQUESTED', 'STARTING', 'CALLED_HOME', 'READY', 'RUNNING', 'FINISHED', 'FAILED', 'RELEASED')),
  bootstrap_token_hash text unique,
  cert_serial text unique,
  last_heartbeat_at timestamptz,
  detail jsonb,
  created_at timestamptz not null default now()
);
create index run_instances_run_id_idx on run_instances (run_id);

-- The latest evaluation of each threshold of a run (name is the metric with its tag filter,
-- source the expression), upserted while the run goes on.
create table threshold_results (
  id bigint generated always as identity primary key,
  run_id bigint not null references test_runs on delete cascade,
  name text not null,
  source text not null,
  ok boolean not null,
  value double precision,
  abort_on_fail boolean not null default false,
  evaluated_at timestamptz not null default now(),
  unique (run_id, name, source)
);

-- key is "<set>_<name>" as k6 Cloud names its insights.
create table insight_results (
  id bigint generated always as identity primary key,
  run_id bigint not null references test_runs on delete cascade,
  key text not null,
  severity text not null,
  title text not null,
  detail jsonb,
  unique (run_id, key)
);

-- The run a load test's later runs are compared with.
create table baselines (
  load_test_id bigint primary key references load_tests on delete cascade,
  run_id bigint not null references test_runs on delete cascade,
  created_at timestamptz not null default now()
);
