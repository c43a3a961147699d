-- A run that lost an agent during its test and went on without it, as the script's
-- options.cloud.agentLoss = "continue" allows (packages/api/src/coordinator/README.md, "Faults"):
-- its results miss that agent's share. Set by the coordinator when it leaves the agent out; the
-- lost instances carry the reason in run_instances.detail.lost, and the end event repeats it.
alter table test_runs add column degraded boolean not null default false;
