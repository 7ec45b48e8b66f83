-- Every e-mail is first written here, in the transaction of the change that causes it, then sent by the
-- background sender: a mail server outage delays mail and loses none.
create table outbox_messages (
    id bigint generated always as identity primary key,
    organisation_id bigint references organisations,
    building_id bigint references buildings on delete set null,
    to_address text not null check (length(to_address) between 3 and 254),
    to_name text,
    language text not null check (language in ('fr', 'nl', 'de', 'en')),
    -- legal: convocations, minutes, formal notices (always sent); account: invitations, password links;
    -- notification: everything a person may turn off.
    kind text not null check (kind in ('legal', 'account', 'notification')),
    subject text not null,
    html_body text not null,
    text_body text not null,
    status text not null default 'pending' check (status in ('pending', 'sent', 'failed')),
    attempts int not null default 0,
    next_attempt_at timestamptz not null default now(),
    last_error text,
    created_at timestamptz not null default now(),
    sent_at timestamptz,
    -- What a scheduled job sends carries a key, so running the job again never sends it twice.
    dedupe_key text unique
);
create index outbox_messages_due on outbox_messages (next_attempt_at) where status = 'pending';
