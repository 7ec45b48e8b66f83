-- The breach register (GDPR art. 33 §5): every personal data breach the syndic firm learns of, the 72-hour deadline to
-- notify the authority (KoproGo.Domain.Privacy.Breaches), the decision and the persons told (art. 34).
create table data_breaches (
    id bigint generated always as identity primary key,
    organisation_id bigint not null references organisations,
    discovered_at timestamptz not null,
    recorded_at timestamptz not null default now(),
    recorded_by text not null,
    title text not null check (length(title) between 1 and 200),
    description text not null check (length(description) between 1 and 8000),
    data_concerned text not null default '' check (length(data_concerned) <= 4000),
    persons_estimate int check (persons_estimate between 0 and 10000000),
    consequences text not null default '' check (length(consequences) <= 4000),
    measures text not null default '' check (length(measures) <= 4000),
    high_risk boolean not null default false,
    state text not null default 'open' check (state in ('open', 'notified', 'not_notified', 'closed')),
    decided_at timestamptz,
    authority_reference text not null default '' check (length(authority_reference) <= 200),
    decision_reason text not null default '' check (length(decision_reason) <= 4000),
    warned_at timestamptz,
    late_warned_at timestamptz,
    closed_at timestamptz,
    check (discovered_at <= recorded_at + interval '5 minutes'),
    check (state = 'open' or decided_at is not null),
    check (state <> 'notified' or authority_reference <> ''),
    check (state <> 'not_notified' or decision_reason <> ''),
    unique (id, organisation_id)
);
create index data_breaches_organisation on data_breaches (organisation_id, discovered_at desc);
create index data_breaches_open on data_breaches (discovered_at) where state = 'open';

create function data_breaches_move_forward() returns trigger language plpgsql as $$
begin
    if new.state <> old.state and (old.state, new.state) not in (
        ('open', 'notified'), ('open', 'not_notified'), ('notified', 'closed'), ('not_notified', 'closed')) then
        raise exception using errcode = '23514', constraint = 'data_breaches_state_transition',
            message = format('breach %s cannot go from %s to %s', old.id, old.state, new.state);
    end if;
    return new;
end $$;

create trigger data_breaches_state_transition before update of state on data_breaches
    for each row execute function data_breaches_move_forward();

-- The persons whose data the breach concerns (owners of the firm's register), and when and how each was told.
-- Both belong to the same firm: the database refuses another firm's owner whatever the page does.
create table data_breach_persons (
    breach_id bigint not null,
    organisation_id bigint not null,
    owner_id bigint not null,
    informed_at timestamptz,
    channel text check (channel in ('email', 'post')),
    primary key (breach_id, owner_id),
    foreign key (breach_id, organisation_id) references data_breaches (id, organisation_id) on delete cascade,
    foreign key (owner_id, organisation_id) references owners (id, organisation_id),
    check ((informed_at is null) = (channel is null))
);
