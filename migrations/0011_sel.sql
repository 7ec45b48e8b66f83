-- The building's local exchange system (SEL): exchanges of time between its owners, one hour = one credit. Credits are
-- a ledger of transfers, one per completed exchange; balances are sums over it, never stored apart.

alter table buildings add column sel_credit_limit int not null default 20 check (sel_credit_limit between 0 and 1000);

create table sel_exchanges (
    id bigint generated always as identity primary key,
    organisation_id bigint not null,
    building_id bigint not null,
    provider_id bigint not null references owners,
    requester_id bigint references owners,
    kind text not null check (kind in ('service', 'object_loan', 'shared_purchase')),
    category text not null check (length(category) between 1 and 40),
    title text not null check (length(title) between 1 and 120),
    description text not null default '' check (length(description) <= 2000),
    credits int not null check (credits between 1 and 100),
    status text not null default 'offered' check (status in ('offered', 'requested', 'in_progress', 'completed', 'cancelled')),
    provider_confirmed_at timestamptz,
    requester_confirmed_at timestamptz,
    cancel_reason text check (length(cancel_reason) between 1 and 500),
    created_at timestamptz not null default now(),
    requested_at timestamptz,
    started_at timestamptz,
    completed_at timestamptz,
    cancelled_at timestamptz,
    foreign key (building_id, organisation_id) references buildings (id, organisation_id),
    check (requester_id is null or requester_id <> provider_id),
    check ((status = 'offered') = (requester_id is null) or status = 'cancelled'),
    check ((status = 'completed') = (completed_at is not null and provider_confirmed_at is not null and requester_confirmed_at is not null)),
    check ((status = 'cancelled') = (cancel_reason is not null)),
    unique (id, organisation_id)
);
create index sel_exchanges_building on sel_exchanges (building_id, status, created_at desc);
create index sel_exchanges_provider on sel_exchanges (provider_id);
create index sel_exchanges_requester on sel_exchanges (requester_id);

-- One transfer per completed exchange, whatever the number of concurrent confirmations.
create table sel_transfers (
    id bigint generated always as identity primary key,
    building_id bigint not null,
    exchange_id bigint not null references sel_exchanges,
    from_owner bigint not null references owners,
    to_owner bigint not null references owners,
    credits int not null check (credits > 0),
    transferred_at timestamptz not null default now(),
    constraint sel_transfers_once unique (exchange_id),
    check (from_owner <> to_owner)
);
create index sel_transfers_from on sel_transfers (building_id, from_owner);
create index sel_transfers_to on sel_transfers (building_id, to_owner);

-- The ledger is append-only: a transfer is never changed or removed.
create function sel_transfers_fixed() returns trigger language plpgsql as $$
begin
    raise exception 'SEL transfers are never changed' using errcode = '23514', constraint = 'sel_transfers_fixed';
end $$;
create trigger sel_transfers_fixed before update or delete on sel_transfers for each row execute function sel_transfers_fixed();

-- After completion, each party rates the other once, 1 to 5.
create table sel_ratings (
    exchange_id bigint not null references sel_exchanges on delete cascade,
    rater_id bigint not null references owners,
    rated_id bigint not null references owners,
    stars int not null check (stars between 1 and 5),
    comment text check (length(comment) <= 500),
    created_at timestamptz not null default now(),
    primary key (exchange_id, rater_id),
    check (rater_id <> rated_id)
);
