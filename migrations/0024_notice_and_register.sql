-- The register of processing activities (GDPR art. 30) per organisation. KoproGo's own activities are prefilled
-- (texts of the application, in the reader's language) until the syndic writes their own version of one; the firm
-- may add activities of its own.
create table processing_activities (
    id bigint generated always as identity primary key,
    organisation_id bigint not null references organisations,
    activity_key text not null check (activity_key ~ '^[a-z0-9-]{1,40}$'),
    purpose text not null check (length(purpose) between 1 and 500),
    legal_basis text not null check (length(legal_basis) between 1 and 1000),
    data_categories text not null check (length(data_categories) between 1 and 2000),
    persons text not null check (length(persons) between 1 and 1000),
    recipients text not null check (length(recipients) between 1 and 2000),
    retention text not null check (length(retention) between 1 and 2000),
    security text not null check (length(security) between 1 and 2000),
    updated_at timestamptz not null default now(),
    updated_by text not null,
    unique (organisation_id, activity_key)
);

-- The privacy notice of an organisation, versioned: a new version is published when what it says changes, and each
-- person accepts the current one at their next sign-in (KoproGo.Domain.Privacy.Notices).
create table privacy_notices (
    id bigint generated always as identity primary key,
    organisation_id bigint not null references organisations,
    version int not null check (version > 0),
    published_at timestamptz not null default now(),
    published_by text not null,
    additions text not null default '' check (length(additions) <= 8000),
    changes text not null default '' check (length(changes) <= 2000),
    unique (organisation_id, version)
);

create table privacy_acceptances (
    user_id bigint not null references users on delete cascade,
    notice_id bigint not null references privacy_notices,
    accepted_at timestamptz not null default now(),
    primary key (user_id, notice_id)
);
