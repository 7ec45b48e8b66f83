-- A person's requests about their data (GDPR art. 15–18), answered by the syndic firm (the controller) within a month
-- (art. 12 §3, KoproGo.Domain.Privacy.DataRequests). An export is made by a job: its progress and its file live here.
create table privacy_requests (
    id bigint generated always as identity primary key,
    organisation_id bigint not null references organisations,
    user_id bigint not null references users on delete cascade,
    kind text not null check (kind in ('export', 'rectification', 'erasure', 'restriction')),
    state text not null check (state in ('awaiting_confirmation', 'received', 'in_progress', 'done', 'refused')),
    details text not null default '' check (length(details) <= 4000),
    -- An erasure: whether the person's community content goes too, rather than staying as "a former neighbour's".
    remove_community_content boolean not null default false,
    confirm_token_hash text unique,
    created_at timestamptz not null default now(),
    received_at timestamptz,
    due_on date,
    answered_at timestamptz,
    answered_by text,
    answer text not null default '' check (length(answer) <= 8000),
    deadline_alerted_at timestamptz,
    progress_done int not null default 0,
    progress_total int not null default 0,
    started_at timestamptz,
    file_key text,
    file_size bigint,
    file_expires_at timestamptz,
    check ((state = 'awaiting_confirmation') = (received_at is null)),
    check ((received_at is null) = (due_on is null)),
    check (state not in ('done', 'refused') or answered_at is not null)
);
create index privacy_requests_open on privacy_requests (organisation_id, due_on) where state in ('received', 'in_progress');
create index privacy_requests_user on privacy_requests (user_id, created_at desc);
-- One export under way and one erasure asked at a time per person; two clicks make one request.
create unique index privacy_requests_one_export on privacy_requests (user_id) where kind = 'export' and state in ('received', 'in_progress');
create unique index privacy_requests_one_erasure on privacy_requests (user_id)
    where kind = 'erasure' and state in ('awaiting_confirmation', 'received', 'in_progress');
create unique index privacy_requests_one_restriction on privacy_requests (user_id) where kind = 'restriction' and state = 'received';

create function privacy_requests_move_forward() returns trigger language plpgsql as $$
begin
    if new.state <> old.state and (old.kind, old.state, new.state) not in (
        ('export', 'received', 'in_progress'), ('export', 'in_progress', 'done'),
        ('erasure', 'awaiting_confirmation', 'received'),
        ('restriction', 'received', 'done'), ('restriction', 'received', 'refused'),
        ('rectification', 'received', 'in_progress'), ('rectification', 'received', 'done'), ('rectification', 'received', 'refused'),
        ('rectification', 'in_progress', 'done'), ('rectification', 'in_progress', 'refused'),
        ('erasure', 'received', 'in_progress'), ('erasure', 'received', 'done'), ('erasure', 'received', 'refused'),
        ('erasure', 'in_progress', 'done'), ('erasure', 'in_progress', 'refused')) then
        raise exception using errcode = '23514', constraint = 'privacy_requests_state_transition',
            message = format('privacy request %s (%s) cannot go from %s to %s', old.id, old.kind, old.state, new.state);
    end if;
    if new.kind <> old.kind or new.user_id <> old.user_id then
        raise exception using errcode = '23514', constraint = 'privacy_requests_state_transition', message = 'a request keeps its kind and person';
    end if;
    return new;
end $$;

create trigger privacy_requests_state_transition before update on privacy_requests
    for each row execute function privacy_requests_move_forward();

-- Objections (art. 21), one row per person and purpose objected to; no row, no objection.
create table privacy_objections (
    user_id bigint not null references users on delete cascade,
    purpose text not null check (purpose in ('directory', 'notification_mails', 'group_purchases', 'statistics')),
    since timestamptz not null default now(),
    primary key (user_id, purpose)
);

-- While a restriction (art. 18) is in force, nothing but what the building's running needs is done with the person's data.
alter table users add column restricted_since timestamptz;
-- An erased account: kept as a row (entries, votes and audit lines point to it) with nothing personal left.
alter table users add column erased_at timestamptz;
alter table owners add column erased_at timestamptz;

-- The audit log stays append-only, but an erasure (art. 17) rewrites what named the person in its lines: the one update
-- it accepts, inside a transaction that set koprogo.erasing, touching neither the line's moment, actor id nor action.
create or replace function audit_log_is_append_only() returns trigger language plpgsql as $$
begin
    if tg_op = 'UPDATE' and current_setting('koprogo.erasing', true) = 'on'
       and (new.id, new.at, new.user_id, new.entity, new.entity_id, new.action, new.organisation_id)
           is not distinct from (old.id, old.at, old.user_id, old.entity, old.entity_id, old.action, old.organisation_id) then
        return new;
    end if;
    raise exception using errcode = '42501', message = 'the audit log is append-only';
end $$;
