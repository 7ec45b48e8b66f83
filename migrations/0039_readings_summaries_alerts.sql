-- Energy (issue 17 §1): hourly and daily summaries of each sensor's readings, and alerts.

-- Kept up to date by the ingestion in the batch's own transaction (a reading stored is a reading summed). Charts and
-- consumption per month read these, not the raw readings: a year is 365 daily rows, not half a million readings. A
-- day is a Brussels day (starts_at is its midnight there). For a meter giving its index, the consumption of a period
-- is its last value less the last value of the period before.
create table meter_reading_summaries (
    sensor_id bigint not null references sensors on delete cascade,
    period text not null check (period in ('hour', 'day')),
    starts_at timestamptz not null,
    readings int not null check (readings > 0),
    total double precision not null,
    low double precision not null,
    high double precision not null,
    first_at timestamptz not null,
    first_value double precision not null,
    last_at timestamptz not null,
    last_value double precision not null,
    check (low <= high and first_at <= last_at),
    primary key (sensor_id, period, starts_at)
);

-- An alert rule watches one sensor, or every sensor of a kind in the building:
--   above / below: the value stays over / under the threshold for `duration_minutes`;
--   leak: the consumption never falls to zero during the night (00:00-06:00) for `duration_minutes` / 60 hours;
--   spike: a day's consumption is more than `threshold` % above the same weekday's average of the last 4 weeks;
--   silent: no reading for `duration_minutes` / 60 hours.
create table sensor_alert_rules (
    id bigint generated always as identity primary key,
    organisation_id bigint not null,
    building_id bigint not null,
    sensor_id bigint,
    kind text check (kind in ('cold_water', 'hot_water', 'gas', 'electricity', 'heat', 'heat_cost_allocator', 'cogeneration', 'temperature')),
    condition text not null check (condition in ('above', 'below', 'leak', 'spike', 'silent')),
    threshold double precision,
    duration_minutes int check (duration_minutes between 1 and 10080),
    created_at timestamptz not null default now(),
    -- one sensor or one kind, never both nor neither
    check ((sensor_id is null) <> (kind is null)),
    check (condition not in ('above', 'below') or (threshold is not null and duration_minutes is not null)),
    check (condition <> 'spike' or threshold > 0),
    check (condition not in ('leak', 'silent') or (duration_minutes is not null and duration_minutes % 60 = 0)),
    foreign key (building_id, organisation_id) references buildings (id, organisation_id),
    foreign key (sensor_id, organisation_id) references sensors (id, organisation_id) on delete cascade
);
create index sensor_alert_rules_building on sensor_alert_rules (building_id);

-- An episode of a rule on a sensor: open while the condition holds, ended (never reopened) when it no longer does.
-- One open episode per rule and sensor, whatever runs the check: notified once when it starts and once when it ends.
create table sensor_alerts (
    id bigint generated always as identity primary key,
    rule_id bigint not null references sensor_alert_rules on delete cascade,
    sensor_id bigint not null references sensors on delete cascade,
    started_at timestamptz not null default now(),
    ended_at timestamptz,
    detail text not null,
    check (ended_at is null or ended_at >= started_at)
);
create unique index sensor_alerts_one_open on sensor_alerts (rule_id, sensor_id) where ended_at is null;
create index sensor_alerts_sensor on sensor_alerts (sensor_id, started_at desc);

-- an ended episode stays ended: a new one starts instead
create function sensor_alerts_stay_ended() returns trigger language plpgsql as $$
begin
    if old.ended_at is not null then
        raise exception 'an ended alert is not reopened nor changed' using errcode = 'check_violation', constraint = 'sensor_alerts_stay_ended';
    end if;
    return new;
end $$;
create trigger sensor_alerts_stay_ended before update on sensor_alerts for each row execute function sensor_alerts_stay_ended();
