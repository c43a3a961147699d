-- The coordination of distributed runs (design.md, steps 7 to 11): the commands sent to each agent
-- and what the coordinator of each run has done and decided. All of it lives here, not in memory,
-- so that an API or worker that restarts carries every run on from where it was.

-- The commands of one agent, delivered in seq order by the GET /agent/v1/commands long poll
-- (docs/platform.md). seq counts from 1 per instance; body holds the command's fields other than
-- seq and type ({data}, {atEpochMs}, {reason}).
create table run_commands (
  instance_id bigint not null references run_instances on delete cascade,
  seq integer not null check (seq >= 1),
  run_id bigint not null references test_runs on delete cascade,
  type text not null check (type in ('run-setup', 'set-setup-data', 'start', 'stop', 'run-teardown')),
  body jsonb not null default '{}',
  created_at timestamptz not null default now(),
  primary key (instance_id, seq)
);
create index run_commands_run_id_idx on run_commands (run_id);

-- One row per coordinated run, made when its instances are allocated. phase moves forward only:
--   initializing  waiting for every agent to be ready, then setup() on one, then the start
--   running       between the start and the end of the test; thresholds evaluated every 2 s
--   stopping      the end is decided (end_status); waiting for the agents to finish
--   teardown      teardown() commanded on one agent; waiting for it
--   releasing     final thresholds stored, agents released; the status and the provider remain
--   done          nothing left to do
-- Deadlines and instants are the database's clock, except start_at, which agents compare with theirs.
create table run_coordination (
  run_id bigint primary key references test_runs on delete cascade,
  phase text not null default 'initializing' check (phase in (
    'initializing', 'running', 'stopping', 'teardown', 'releasing', 'done')),
  ready_deadline timestamptz not null,
  setup_instance_id bigint references run_instances on delete set null,
  setup_requested_at timestamptz,
  -- {"data": ...} or {"error": "..."} as the agent reported it.
  setup_result jsonb,
  start_at timestamptz,
  thresholds_evaluated_at timestamptz,
  end_status text check (end_status in (
    'FINISHED', 'TIMED_OUT', 'ABORTED_BY_USER', 'ABORTED_BY_SYSTEM', 'ABORTED_BY_SCRIPT_ERROR',
    'ABORTED_BY_THRESHOLD', 'ABORTED_BY_LIMIT')),
  end_reason text,
  end_detail jsonb,
  end_decided_at timestamptz,
  teardown_instance_id bigint references run_instances on delete set null,
  teardown_requested_at timestamptz,
  updated_at timestamptz not null default now(),
  check ((end_status is null) = (end_decided_at is null))
);
-- The coordinator loop looks only at runs that are not done.
create index run_coordination_active_idx on run_coordination (run_id) where phase <> 'done';
