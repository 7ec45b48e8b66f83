-- Energy (issue 17 §1): the buildings' sensors and the readings their gateways publish over MQTT.
-- A gateway publishes under koprogo/{building slug}/{kind}/{sensor key}; the broker's ACL lets it write only under its
-- own building's slug.

create table sensors (
    id bigint generated always as identity primary key,
    organisation_id bigint not null,
    building_id bigint not null,
    -- a private meter belongs to a lot (its owner sees it); a common one to no lot
    lot_id bigint,
    kind text not null check (kind in ('cold_water', 'hot_water', 'gas', 'electricity', 'heat', 'heat_cost_allocator', 'cogeneration', 'temperature')),
    key text not null check (key ~ '^[a-z0-9]+(-[a-z0-9]+)*$' and length(key) <= 60),
    name text not null check (length(name) between 1 and 120),
    unit text not null check (unit in ('m3', 'kWh', 'units', '°C')),
    min_value double precision,
    max_value double precision,
    created_at timestamptz not null default now(),
    check (min_value is null or max_value is null or min_value <= max_value),
    foreign key (building_id, organisation_id) references buildings (id, organisation_id),
    foreign key (lot_id, organisation_id) references lots (id, organisation_id),
    unique (building_id, kind, key),
    unique (id, organisation_id)
);

-- One row per sensor and moment: a reading delivered twice (the broker's redelivery, a gateway's retry) is stored once.
-- Partitioned by month so that old months are dropped whole; the default partition keeps what arrives for a month
-- not prepared yet, so nothing is ever refused for its date.
create table meter_readings (
    sensor_id bigint not null references sensors on delete cascade,
    measured_at timestamptz not null,
    value double precision not null,
    primary key (sensor_id, measured_at)
) partition by range (measured_at);
create table meter_readings_default partition of meter_readings default;
create index meter_readings_time on meter_readings using brin (measured_at);

-- The month's partition (meter_readings_YYYY_MM), made if missing; its name.
create function meter_readings_partition(month date) returns text language plpgsql as $$
declare
    first date := date_trunc('month', month)::date;
    name text := format('meter_readings_%s', to_char(first, 'YYYY_MM'));
begin
    if to_regclass(name) is null then
        execute format('create table %I partition of meter_readings for values from (%L) to (%L)',
            name, first::timestamptz, (first + interval '1 month')::timestamptz);
    end if;
    return name;
end $$;
select meter_readings_partition((date_trunc('month', now()) + make_interval(months => n))::date) from generate_series(-1, 2) n;

-- What a gateway sent that could not be stored, with the reason: listed for the syndic, never fatal to the ingestion.
create table rejected_readings (
    id bigint generated always as identity primary key,
    building_id bigint references buildings on delete cascade,
    received_at timestamptz not null default now(),
    topic text not null,
    payload text not null,
    reason text not null
);
create index rejected_readings_building on rejected_readings (building_id, received_at desc);
