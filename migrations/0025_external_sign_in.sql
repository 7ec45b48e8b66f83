-- Signing in through an identity provider (OpenID Connect), KoproGo.Domain ExternalSignIn. An identity (the provider's
-- issuer and its subject for the person) belongs to one account, and an account has at most one identity at a provider;
-- the link is made by the person while signed in, never by matching e-mail addresses.
create table user_identities (
    id bigint generated always as identity primary key,
    user_id bigint not null references users (id) on delete cascade,
    issuer text not null check (length(issuer) between 1 and 255),
    subject text not null check (length(subject) between 1 and 255),
    linked_at timestamptz not null default now(),
    last_used_at timestamptz,
    unique (issuer, subject),
    unique (user_id, issuer)
);

-- How each session was opened, and how strongly the provider vouched for the person (its acr).
alter table user_sessions
    add column via text not null default 'password' check (via in ('password', 'provider')),
    add column acr text check (length(acr) <= 255),
    add column strong boolean not null default false,
    add constraint user_sessions_strong_through_provider check (not strong or via = 'provider'),
    add constraint user_sessions_acr_through_provider check (acr is null or via = 'provider');

-- Each vote keeps the sign-in it was cast under: the evidence of who voted when a vote cast online is contested.
alter table votes
    add column sign_in_acr text check (length(sign_in_acr) <= 255),
    add column strong_sign_in boolean not null default false;
