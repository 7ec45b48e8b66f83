-- What a clean-up job removed, as counts per kind ({"links": 3, "sessions": 2}): the job page shows them, and nothing
-- of what was removed is kept (KoproGo.Domain Retention).
alter table job_runs add column removed jsonb;
