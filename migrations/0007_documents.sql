-- Documents of a building (regulation, minutes, accounts…): the file in the storage under a random name,
-- what people see of it here.
create table documents (
    id bigint generated always as identity primary key,
    organisation_id bigint not null,
    building_id bigint not null,
    category text not null check (category in ('regulation', 'minutes', 'accounts', 'contracts', 'insurance', 'plans', 'other')),
    -- syndic: syndic and accountant; board: also the board; owners: also the owners of the building; public: anyone.
    visibility text not null check (visibility in ('syndic', 'board', 'owners', 'public')),
    title text not null check (length(title) between 1 and 200),
    file_name text not null check (length(file_name) between 1 and 200),
    content_type text not null,
    size_bytes bigint not null check (size_bytes between 1 and 20971520),
    sha256 text not null check (sha256 ~ '^[0-9a-f]{64}$'),
    storage_key text not null unique check (storage_key ~ '^[0-9a-f]{32}$'),
    generated boolean not null default false,
    uploaded_by bigint references users on delete set null,
    uploaded_at timestamptz not null default now(),
    foreign key (building_id, organisation_id) references buildings (id, organisation_id)
);
create index documents_building on documents (building_id, uploaded_at desc);
