-- The building's maintenance log (KoproGo.Domain.Works.Inspections): equipment, their periodic inspections, and the
-- warnings sent about them (once each per due date).
create table equipment (
    id bigint generated always as identity primary key,
    organisation_id bigint not null,
    building_id bigint not null,
    foreign key (building_id, organisation_id) references buildings (id, organisation_id),
    kind text not null check (kind in ('lift', 'boiler', 'heat_pump', 'ventilation', 'fire_alarm', 'extinguishers', 'emergency_lighting',
        'gas', 'electrical_installation', 'roof', 'facade', 'sewage_pumps', 'other')),
    name text not null check (length(name) between 1 and 150),
    make text not null default '' check (length(make) <= 100),
    model text not null default '' check (length(model) <= 100),
    installed_on date,
    contract_holder text not null default '' check (length(contract_holder) <= 150),
    inspection_months int check (inspection_months between 1 and 120),
    inspection_body text not null default '' check (length(inspection_body) <= 150),
    created_at timestamptz not null default now()
);
create index equipment_building on equipment (building_id);

create table inspections (
    id bigint generated always as identity primary key,
    equipment_id bigint not null references equipment on delete cascade,
    done_on date not null,
    body text not null check (length(body) between 1 and 150),
    result text not null check (result in ('compliant', 'remarks', 'non_compliant')),
    notes text not null default '' check (length(notes) <= 2000),
    problem_report_id bigint references problem_reports on delete set null,
    recorded_by bigint references users on delete set null,
    recorded_at timestamptz not null default now(),
    check (result <> 'non_compliant' or length(notes) > 0)
);
create index inspections_equipment on inspections (equipment_id, done_on desc);

create table inspection_warnings (
    equipment_id bigint not null references equipment on delete cascade,
    due_on date not null,
    warning text not null check (warning in ('soon', 'due', 'overdue')),
    sent_at timestamptz not null default now(),
    primary key (equipment_id, due_on, warning)
);
