-- Work orders (KoproGo.Domain.Works.WorkOrders): an accepted quote, or a direct order for a small job, sent to a
-- contractor who accepts it, reports the works done and sends the invoice through their personal link.

-- Who validates the works done: the syndic, or the board when the building decided so.
alter table buildings add column works_validated_by text not null default 'syndic' check (works_validated_by in ('syndic', 'board'));

create table work_orders (
    id bigint generated always as identity primary key,
    organisation_id bigint not null,
    building_id bigint not null,
    foreign key (building_id, organisation_id) references buildings (id, organisation_id),
    supplier_id bigint not null,
    foreign key (supplier_id, organisation_id) references suppliers (id, organisation_id),
    -- from an accepted quote (one order per quote), or null for a direct order
    quote_id bigint unique references quotes,
    title text not null check (length(title) between 1 and 150),
    description text not null default '' check (length(description) <= 4000),
    place text not null check (length(place) between 1 and 200),
    site_contact text not null default '' check (length(site_contact) <= 200),
    start_on date not null,
    due_on date not null check (due_on >= start_on),
    amount_excl_vat numeric(12, 2) not null check (amount_excl_vat > 0 and amount_excl_vat <= 10000000),
    vat_rate numeric(4, 2) not null check (vat_rate in (6, 12, 21)),
    -- the distribution key of the invoice (null: the general key, the lots' quotas) and its expense account
    key_id bigint references distribution_keys,
    account_code text not null references chart_accounts check (account_code ~ '^6'),
    structural boolean not null default false,
    warranty_years int not null check (warranty_years between 0 and 30),
    state text not null default 'sent' check (state in ('sent', 'accepted', 'in_progress', 'done', 'needs_correction', 'validated',
        'invoiced', 'closed', 'cancelled')),
    accepted_at timestamptz,
    started_at timestamptz,
    done_at timestamptz,
    report text check (length(report) between 1 and 4000),
    parts_replaced text not null default '' check (length(parts_replaced) <= 2000),
    hours_spent numeric(7, 2) check (hours_spent >= 0 and hours_spent <= 100000),
    corrections int not null default 0 check (corrections >= 0),
    correction_reason text check (length(correction_reason) between 1 and 1000),
    validated_at timestamptz,
    validated_by bigint references users on delete set null,
    rating int check (rating between 1 and 5),
    invoice_id bigint unique references invoices,
    closed_at timestamptz,
    cancel_reason text check (length(cancel_reason) between 1 and 500),
    warranty_warned_at timestamptz,
    created_by bigint references users on delete set null,
    created_at timestamptz not null default now(),
    check ((state = 'cancelled') = (cancel_reason is not null)),
    check (state not in ('done', 'validated', 'invoiced', 'closed') or (report is not null and done_at is not null)),
    check (state not in ('validated', 'invoiced', 'closed') or validated_at is not null),
    check (state not in ('invoiced', 'closed') or invoice_id is not null),
    unique (id, organisation_id)
);
create index work_orders_building on work_orders (building_id, state);
create index work_orders_supplier on work_orders (supplier_id, state);

create function work_orders_move() returns trigger language plpgsql as $$
begin
    if new.state <> old.state and (old.state, new.state) not in (
        ('sent', 'accepted'), ('accepted', 'in_progress'), ('in_progress', 'done'), ('done', 'validated'), ('done', 'needs_correction'),
        ('needs_correction', 'done'), ('validated', 'invoiced'), ('invoiced', 'closed'), ('sent', 'cancelled'), ('accepted', 'cancelled')) then
        raise exception using errcode = '23514', constraint = 'work_orders_state_transition',
            message = format('work order %s cannot go from %s to %s', old.id, old.state, new.state);
    end if;
    if new.building_id <> old.building_id or new.organisation_id <> old.organisation_id or new.supplier_id <> old.supplier_id then
        raise exception using errcode = '23514', constraint = 'work_orders_state_transition', message = 'an order stays with its building and contractor';
    end if;
    return new;
end $$;

create trigger work_orders_state_transition before update on work_orders
    for each row execute function work_orders_move();

-- Photos of the works before and after, re-encoded by the server like the problem reports' (no metadata).
create table work_order_photos (
    id bigint generated always as identity primary key,
    order_id bigint not null references work_orders on delete cascade,
    position int not null check (position between 1 and 10),
    moment text not null check (moment in ('before', 'after')),
    content bytea not null check (length(content) <= 2000000),
    width int not null,
    height int not null,
    link_id bigint references contractor_links,
    added_at timestamptz not null default now(),
    unique (order_id, position)
);
