-- Each sign-in is a session held here; the cookie only carries its key. Signing out, signing out elsewhere, a password
-- change and a withdrawn account end sessions on the server, so an old cookie stops working at its next request
-- (KoproGo.Domain SignInSession). Only a digest of the key is kept: a copy of this table signs nobody in.
create table user_sessions (
    id bigint generated always as identity primary key,
    key_hash bytea not null unique check (length(key_hash) = 32),
    user_id bigint not null references users (id) on delete cascade,
    created_at timestamptz not null default now(),
    last_seen_at timestamptz not null default now(),
    -- what the person recognises their device by: the browser's description and the network it signed in from
    user_agent text not null default '' check (length(user_agent) <= 300),
    network text not null default '' check (length(network) <= 50),
    ended_at timestamptz,
    ended_reason text check (ended_reason in ('signed_out', 'ended_from_another_device', 'password_changed', 'account_withdrawn')),
    check ((ended_at is null) = (ended_reason is null))
);
create index user_sessions_live on user_sessions (user_id) where ended_at is null;

-- A session only ends: once ended it cannot be taken up again nor its reason rewritten.
create function user_sessions_stay_ended() returns trigger language plpgsql as $$
begin
    if old.ended_at is not null and (new.ended_at is distinct from old.ended_at or new.ended_reason is distinct from old.ended_reason) then
        raise exception using errcode = '23514', constraint = 'user_sessions_ended_is_final',
            message = format('session %s has ended', old.id);
    end if;
    return new;
end $$;

create trigger user_sessions_ended_is_final before update on user_sessions
    for each row execute function user_sessions_stay_ended();
