-- Each fire of a job's schedule, claimed by the instance about to run it. Quartz's clustering can hand one fire to two
-- instances (a trigger re-acquired around a failover); the primary key lets only the first claim run it.
create table job_fires (
    job_key text not null,
    scheduled_at timestamptz not null,
    instance text not null,
    claimed_at timestamptz not null default now(),
    primary key (job_key, scheduled_at)
);
