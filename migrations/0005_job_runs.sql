-- Every run of a scheduled job, whichever instance ran it: what the job registry page shows, and how a double run
-- would be seen. Quartz keeps its own tables (qrtz_*), which it creates itself at first start.
create table job_runs (
    id bigint generated always as identity primary key,
    job_key text not null,
    instance text not null,
    scheduled_at timestamptz,
    started_at timestamptz not null,
    duration_ms int not null,
    succeeded boolean not null,
    error text,
    manual boolean not null default false
);
create index job_runs_job on job_runs (job_key, started_at desc);
