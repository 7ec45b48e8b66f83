-- Who changed what, when: money, votes, shares, roles, documents. Append-only: the database refuses to
-- change or delete a line, whatever the application asks.
create table audit_log (
    id bigint generated always as identity primary key,
    organisation_id bigint references organisations,
    at timestamptz not null default now(),
    user_id bigint references users on delete set null,
    user_name text not null,
    entity text not null check (length(entity) between 1 and 50),
    entity_id bigint,
    action text not null check (length(action) between 1 and 50),
    summary text not null default '',
    before jsonb,
    after jsonb
);
create index audit_log_organisation_at on audit_log (organisation_id, at desc);

create function audit_log_is_append_only() returns trigger language plpgsql as $$
begin
    raise exception using errcode = '42501', message = 'the audit log is append-only';
end $$;

create trigger audit_log_append_only before update or delete on audit_log
    for each row execute function audit_log_is_append_only();
