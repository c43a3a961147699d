-- What a run is started with besides its script: the entry file's name (shown in errors and used
-- in the archive) and the script's environment (`__ENV`), an object of strings.
alter table script_versions add column entry_name text not null default 'script.js';
alter table test_runs add column env jsonb not null default '{}'::jsonb;
