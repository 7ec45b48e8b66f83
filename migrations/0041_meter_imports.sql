-- Meter-reading imports from sub-metering firms (issue 17 §2). The building's meter register is its sensors with a
-- serial number: a firm's meter is a sensor like a live one (its readings in meter_readings and the summaries), so the
-- charts, the owners' meters and the consumption keys see it. A replaced meter keeps its row with the day it was
-- removed; the new one is in service from the day it was installed.
alter table sensors
    add column serial text check (length(serial) between 1 and 40),
    add column provider text check (length(provider) between 1 and 60),
    add column installed_on date,
    add column removed_on date,
    add check (removed_on is null or installed_on is null or removed_on >= installed_on),
    add check (serial is not null or (installed_on is null and removed_on is null));
create unique index sensors_serial on sensors (building_id, serial) where serial is not null;

-- Which column of a provider's CSV holds what, remembered per building and provider (by the columns' names).
create table meter_import_mappings (
    building_id bigint not null references buildings on delete cascade,
    provider text not null check (length(provider) between 1 and 60),
    serial_column text not null,
    date_column text not null,
    value_column text not null,
    kind_column text,
    unit_column text,
    date_format text not null check (date_format in ('dd/MM/yyyy', 'dd.MM.yyyy', 'yyyy-MM-dd', 'dd-MM-yyyy')),
    decimal_comma boolean not null,
    updated_at timestamptz not null default now(),
    primary key (building_id, provider)
);

-- A file imported, once per building (the same bytes again are the same import). Its content is kept only while its
-- columns are to be named; its lines keep what it said and what became of each.
create table meter_imports (
    id bigint generated always as identity primary key,
    organisation_id bigint not null,
    building_id bigint not null,
    provider text not null check (length(provider) between 1 and 60),
    format text not null check (format in ('ista-csv', 'ista-xml', 'csv')),
    file_name text not null check (length(file_name) between 1 and 200),
    sha256 text not null,
    state text not null default 'imported' check (state in ('mapping', 'imported')),
    content bytea,
    skip_faulty boolean not null,
    imported_by bigint references users on delete set null,
    imported_at timestamptz not null default now(),
    foreign key (building_id, organisation_id) references buildings (id, organisation_id),
    check ((state = 'mapping') = (content is not null))
);
create unique index meter_imports_once on meter_imports (building_id, sha256) where state = 'imported';
create index meter_imports_building on meter_imports (building_id, imported_at desc);

create function meter_imports_state_transition() returns trigger language plpgsql as $$
begin
    if new.state is distinct from old.state and not (old.state = 'mapping' and new.state = 'imported') then
        raise exception using errcode = '23514', constraint = 'meter_imports_state_transition',
            message = format('meter import %s cannot go from %s to %s', old.id, old.state, new.state);
    end if;
    return new;
end $$;
create trigger meter_imports_state_transition before update on meter_imports
    for each row execute function meter_imports_state_transition();

-- Each line of a file: a reading (serial, day, index) or the problem that made it faulty. Outcome null: waiting for
-- the import job; 'unknown': a serial not in the register yet (stored when the syndic adds it); 'replaced': a corrected
-- reading, with the value it replaced.
create table meter_import_lines (
    import_id bigint not null references meter_imports on delete cascade,
    -- the reading's place in the file (an XML file on one line has many readings on the same line)
    position int not null,
    line_no int not null check (line_no >= 0),
    serial text,
    kind text,
    read_on date,
    value double precision check (value >= 0),
    problem text,
    problem_args text[],
    outcome text check (outcome in ('new', 'unchanged', 'replaced', 'unknown', 'faulty', 'out_of_service')),
    sensor_id bigint references sensors on delete set null,
    previous_value double precision,
    primary key (import_id, position),
    check ((problem is null) = (serial is not null and read_on is not null and value is not null)),
    check ((outcome = 'faulty') = (problem is not null)),
    check ((outcome = 'replaced') = (previous_value is not null))
);
create index meter_import_lines_waiting on meter_import_lines (import_id) where outcome is null;
create index meter_import_lines_unknown on meter_import_lines (serial) where outcome = 'unknown';
