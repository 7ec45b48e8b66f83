-- The in-app notification centre; each line is written in the recipient's language when it is created.
create table notifications (
    id bigint generated always as identity primary key,
    organisation_id bigint not null references organisations,
    user_id bigint not null references users on delete cascade,
    created_at timestamptz not null default now(),
    title text not null,
    body text not null,
    link text,
    read_at timestamptz
);
create index notifications_unread on notifications (user_id, created_at desc) where read_at is null;
create index notifications_user on notifications (user_id, created_at desc);
