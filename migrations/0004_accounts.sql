-- Invitations and password links, per-person e-mail preferences, accounts that can be disabled.

-- An invited person has no password until they follow their link.
alter table users alter column password_hash drop not null;
alter table users add column disabled_at timestamptz;
alter table users add column email_notifications boolean not null default true;

-- Single-use links: only the SHA-256 of the token is kept; the token itself exists only in the mail.
create table account_tokens (
    id bigint generated always as identity primary key,
    user_id bigint not null references users on delete cascade,
    purpose text not null check (purpose in ('invitation', 'password_reset')),
    token_hash text not null unique,
    expires_at timestamptz not null,
    used_at timestamptz,
    revoked_at timestamptz,
    created_by bigint references users on delete set null,
    created_at timestamptz not null default now()
);
create index account_tokens_user on account_tokens (user_id, purpose);
