-- The sale of a lot (art. 3.94): the notary's request for the état daté, answered within 15 days; the proceedings the
-- association is party to (their costs go into the état daté); and the transfer the syndic records after the deed.
-- The rules are KoproGo.Domain.Sales.EtatDates; the trigger below holds the same moves for any writer.

-- Legal proceedings of a building: what the état daté lists as "costs of proceedings in progress".
create table proceedings (
    id bigint generated always as identity primary key,
    organisation_id bigint not null,
    building_id bigint not null,
    subject text not null check (length(subject) between 1 and 300),
    counterparty text not null default '' check (length(counterparty) <= 200),
    amount_at_stake numeric(12, 2) not null check (amount_at_stake >= 0 and amount_at_stake <= 100000000),
    -- the lawyers' and court costs the association bears or expects
    costs numeric(12, 2) not null default 0 check (costs >= 0 and costs <= 100000000),
    status text not null default 'open' check (status in ('open', 'closed')),
    opened_on date not null,
    closed_on date check (closed_on >= opened_on),
    created_by bigint references users on delete set null,
    created_at timestamptz not null default now(),
    check ((status = 'closed') = (closed_on is not null)),
    foreign key (building_id, organisation_id) references buildings (id, organisation_id),
    unique (id, organisation_id)
);
create index proceedings_building on proceedings (building_id, status);

create table etat_dates (
    id bigint generated always as identity primary key,
    organisation_id bigint not null,
    building_id bigint not null,
    -- ED-2027-001: given when first generated, one sequence per organisation and year
    number text check (number ~ '^ED-[0-9]{4}-[0-9]{3,}$'),
    notary_name text not null check (length(notary_name) between 1 and 200),
    notary_firm text not null default '' check (length(notary_firm) <= 200),
    notary_email text not null check (length(notary_email) between 3 and 254),
    notary_reference text not null default '' check (length(notary_reference) <= 100),
    language text not null check (language in ('fr', 'nl', 'de')),
    deed_planned_on date,
    received_on date not null,
    state text not null default 'requested' check (state in ('requested', 'in_progress', 'generated', 'delivered', 'expired', 'cancelled')),
    -- the date the figures of the generated document are taken at
    reference_on date,
    document_id bigint references documents,
    generated_at timestamptz,
    delivered_at timestamptz,
    expires_on date,
    cancel_reason text check (length(cancel_reason) between 1 and 300),
    reminded_at timestamptz,
    late_alerted_at timestamptz,
    -- after the deed
    transfer_on date,
    seller_ids bigint[],
    buyer_owner_id bigint references owners,
    settlement numeric(12, 2),
    settlement_entry_id bigint references journal_entries,
    created_by bigint references users on delete set null,
    created_at timestamptz not null default now(),
    foreign key (building_id, organisation_id) references buildings (id, organisation_id),
    constraint etat_dates_number_unique unique (organisation_id, number),
    constraint etat_dates_generated_complete check (state not in ('generated', 'delivered', 'expired') or (number is not null and document_id is not null and reference_on is not null)),
    constraint etat_dates_delivered_complete check ((state in ('delivered', 'expired')) = (delivered_at is not null and expires_on is not null)),
    check ((state = 'cancelled') = (cancel_reason is not null)),
    check ((transfer_on is null) = (buyer_owner_id is null)),
    unique (id, organisation_id)
);
create index etat_dates_building on etat_dates (building_id, received_on desc);
create index etat_dates_open on etat_dates (state) where state in ('requested', 'in_progress', 'delivered');

create table etat_date_lots (
    etat_date_id bigint not null references etat_dates on delete cascade,
    lot_id bigint not null references lots,
    primary key (etat_date_id, lot_id)
);

create function etat_dates_state_transition() returns trigger language plpgsql as $$
begin
    if new.state is distinct from old.state and not ((old.state, new.state) in (
        ('requested', 'in_progress'), ('in_progress', 'generated'), ('generated', 'in_progress'), ('generated', 'delivered'),
        ('delivered', 'expired'), ('requested', 'cancelled'), ('in_progress', 'cancelled'), ('generated', 'cancelled'))) then
        raise exception using errcode = '23514', constraint = 'etat_dates_state_transition',
            message = format('état daté %s cannot go from %s to %s', old.id, old.state, new.state);
    end if;
    if new.number is distinct from old.number and old.number is not null then
        raise exception using errcode = '23514', constraint = 'etat_dates_state_transition', message = 'an état daté keeps its number';
    end if;
    if new.transfer_on is distinct from old.transfer_on and (old.transfer_on is not null or new.state <> 'delivered') then
        raise exception using errcode = '23514', constraint = 'etat_dates_state_transition',
            message = 'the transfer is recorded once, on a delivered état daté';
    end if;
    return new;
end $$;
create trigger etat_dates_state_transition before update on etat_dates
    for each row execute function etat_dates_state_transition();
