-- Heating and water costs split by consumption (issue 17 §3). The key itself is an ordinary distribution key (each
-- lot's weight), so invoices, budgets and the settlement use it like any other; these tables keep how it was computed
-- (meter kind, period, fixed share, each lot's quota and consumption and the readings behind it), which the owners'
-- statements show.
create table consumption_keys (
    key_id bigint primary key references distribution_keys on delete cascade,
    kind text not null check (kind in ('cold_water', 'hot_water', 'gas', 'electricity', 'heat', 'heat_cost_allocator', 'cogeneration')),
    starts_on date not null,
    ends_on date not null,
    fixed_share numeric(5, 4) not null check (fixed_share between 0 and 1),
    total_consumption numeric(16, 3) not null check (total_consumption >= 0),
    created_at timestamptz not null default now(),
    check (starts_on <= ends_on)
);

create table consumption_key_lots (
    key_id bigint not null references consumption_keys on delete cascade,
    lot_id bigint not null references lots on delete cascade,
    quota int not null check (quota >= 0),
    consumption numeric(16, 3) not null check (consumption >= 0),
    -- each meter of the lot: its key, the index before the period and the last one in it
    readings text not null,
    primary key (key_id, lot_id)
);

-- The building's usual fixed part (by quotas) for such keys, offered again for the next one.
alter table buildings add column consumption_fixed_share numeric(5, 4) not null default 0.30 check (consumption_fixed_share between 0 and 1);
