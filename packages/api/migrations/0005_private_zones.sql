-- Private load zones (issue 5, src/zones/README.md): an organization registers a zone of provider
-- 'private' in load_zones, agents on its own machines enrol with the zone's enrolment token, keep an
-- outbound long poll open, and take the run instances queued for the zone one at a time.

-- The secret agents enrol with. As with api_tokens, only the SHA-256 of the token is kept; prefix is
-- its start, for telling tokens apart. At most one token of a zone is in force: rotating revokes
-- the old one in the transaction that makes the new one.
create table zone_enrolment_tokens (
  id bigint generated always as identity primary key,
  load_zone_id bigint not null references load_zones on delete cascade,
  token_hash text not null unique check (token_hash ~ '^[0-9a-f]{64}$'),
  prefix text not null,
  created_at timestamptz not null default now(),
  revoked_at timestamptz
);
create unique index zone_enrolment_tokens_live_key on zone_enrolment_tokens (load_zone_id)
  where revoked_at is null;

-- One enrolled agent process. Its client certificate is bound to (organization, zone, agent) and
-- cert_serial names the only one it may present (a renewal replaces it). last_seen_at is its last
-- heartbeat or poll; offline_at is set when it said goodbye and cleared when it speaks again.
-- revoked_at refuses it at once on every route, its runs' routes included.
create table zone_agents (
  id bigint generated always as identity primary key,
  load_zone_id bigint not null references load_zones on delete cascade,
  enrolment_token_id bigint references zone_enrolment_tokens on delete set null,
  name text not null,
  version text,
  capacity_vus integer check (capacity_vus > 0),
  cert_serial text unique,
  cert_not_after timestamptz,
  last_seen_at timestamptz,
  offline_at timestamptz,
  enrolled_at timestamptz not null default now(),
  revoked_at timestamptz
);
create index zone_agents_load_zone_id_idx on zone_agents (load_zone_id, id);

-- The work queue of private zones: one row per run instance the `private` provider allocated.
-- bootstrap_token is the instance's one-time call-home token in clear, since the agent that will
-- take the job is not known yet and only the agent port can hand it over; it is cleared once the
-- job is closed or released, and is worthless once the instance has called home. agent_id is the
-- agent that took the job (null while it waits); closed_at is set when that agent asked for work
-- again (it is done with this job); released_at when the platform released the instance.
create table zone_jobs (
  instance_id bigint primary key references run_instances on delete cascade,
  run_id bigint not null references test_runs on delete cascade,
  load_zone_id bigint not null references load_zones on delete cascade,
  vus integer not null check (vus >= 0),
  bootstrap_token text,
  agent_id bigint references zone_agents on delete set null,
  claimed_at timestamptz,
  closed_at timestamptz,
  released_at timestamptz,
  created_at timestamptz not null default now()
);
-- Agents take the oldest waiting job of their zone.
create index zone_jobs_waiting_idx on zone_jobs (load_zone_id, created_at, instance_id)
  where agent_id is null and released_at is null;
-- An agent's open jobs: what makes it BUSY, and what its revocation voids.
create index zone_jobs_agent_idx on zone_jobs (agent_id) where closed_at is null;
create index zone_jobs_run_id_idx on zone_jobs (run_id);

-- The platform CA certificates (public) that agent ports serve with: the API embeds the SHA-256 of
-- the one served last in new enrolment tokens, so that an agent can check the agent port it dials
-- before it sends the token, even where the API and the agent port are separate processes.
create table platform_ca_certificates (
  sha256 text primary key check (sha256 ~ '^[0-9a-f]{64}$'),
  certificate_pem text not null,
  last_served_at timestamptz not null default now()
);
