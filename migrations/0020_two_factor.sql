-- Two-factor sign-in (TOTP, RFC 6238), KoproGo.Domain TwoFactor. The secret is kept encrypted by the app's key ring;
-- the last time step accepted refuses a code seen once (replayed); backup codes are stored as SHA-256 digests only.
alter table users
    add column totp_secret text,
    add column totp_enabled_at timestamptz,
    add column totp_last_step bigint not null default 0,
    add constraint users_totp_has_secret check (totp_enabled_at is null or totp_secret is not null);

create table backup_codes (
    user_id bigint not null references users (id) on delete cascade,
    code_hash bytea not null check (length(code_hash) = 32),
    used_at timestamptz,
    primary key (user_id, code_hash)
);

-- The firm may require it of its staff (syndics and accountants); owners and residents choose.
alter table organisations add column staff_two_factor boolean not null default false;
