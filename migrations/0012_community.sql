-- The rest of the building's community: members' privacy choices, skills, the object library, the notice board,
-- bookable resources and the swap shop. Members are the owners holding a lot in the building today; the syndic moderates.

-- What a member agrees to show: nothing until they opt in.
create table community_profiles (
    building_id bigint not null references buildings,
    owner_id bigint not null references owners,
    in_directory boolean not null default false,
    on_leaderboard boolean not null default false,
    primary key (building_id, owner_id)
);

create table skills (
    id bigint generated always as identity primary key,
    building_id bigint not null references buildings,
    owner_id bigint not null references owners,
    category text not null check (length(category) between 1 and 40),
    title text not null check (length(title) between 1 and 120),
    description text not null default '' check (length(description) <= 2000),
    credits_per_hour int check (credits_per_hour between 1 and 100),
    created_at timestamptz not null default now()
);
create index skills_building on skills (building_id, category);

-- The object library. A loan holds its dates once approved; two approved or current loans of one object never overlap,
-- and an object is with one borrower at a time.
create table shared_objects (
    id bigint generated always as identity primary key,
    building_id bigint not null references buildings,
    owner_id bigint not null references owners,
    name text not null check (length(name) between 1 and 120),
    category text not null check (length(category) between 1 and 40),
    description text not null default '' check (length(description) <= 2000),
    condition text not null check (condition in ('new', 'good', 'fair', 'worn')),
    deposit numeric(10, 2) not null default 0 check (deposit between 0 and 10000),
    loan_days int not null check (loan_days between 1 and 90),
    photo bytea check (octet_length(photo) <= 2 * 1024 * 1024),
    photo_type text check (photo_type in ('image/jpeg', 'image/png', 'image/webp')),
    created_at timestamptz not null default now(),
    check ((photo is null) = (photo_type is null))
);
create index shared_objects_building on shared_objects (building_id, category);

create table object_loans (
    id bigint generated always as identity primary key,
    object_id bigint not null references shared_objects on delete cascade,
    borrower_id bigint not null references owners,
    starts_on date not null,
    due_on date not null,
    status text not null default 'requested' check (status in ('requested', 'approved', 'refused', 'lent', 'returned', 'cancelled')),
    message text check (length(message) <= 500),
    requested_at timestamptz not null default now(),
    decided_at timestamptz,
    lent_at timestamptz,
    returned_at timestamptz,
    check (due_on >= starts_on),
    check ((status = 'returned') = (returned_at is not null)),
    constraint object_loans_no_overlap exclude using gist (object_id with =, daterange(starts_on, due_on, '[]') with &&)
        where (status in ('approved', 'lent'))
);
create unique index object_loans_one_out on object_loans (object_id) where status = 'lent';
create index object_loans_borrower on object_loans (borrower_id, status);

-- The notice board: posts by members or the syndic's team, comments, flags; the syndic pins, hides and restores.
create table notices (
    id bigint generated always as identity primary key,
    building_id bigint not null references buildings,
    author_id bigint not null references users,
    kind text not null check (kind in ('announcement', 'event', 'lost_found', 'recommendation', 'question', 'carpool', 'group_buying')),
    title text not null check (length(title) between 1 and 120),
    body text not null check (length(body) between 1 and 4000),
    event_on date,
    expires_on date,
    pinned boolean not null default false,
    hidden_at timestamptz,
    hidden_reason text check (length(hidden_reason) <= 500),
    created_at timestamptz not null default now(),
    check ((kind = 'event') or event_on is null)
);
create index notices_building on notices (building_id, pinned desc, created_at desc);

create table notice_comments (
    id bigint generated always as identity primary key,
    notice_id bigint not null references notices on delete cascade,
    author_id bigint not null references users,
    body text not null check (length(body) between 1 and 2000),
    hidden_at timestamptz,
    hidden_reason text check (length(hidden_reason) <= 500),
    created_at timestamptz not null default now()
);
create index notice_comments_notice on notice_comments (notice_id, created_at);

-- A member flags a post or a comment once; the flag waits in the moderation queue until the syndic settles it.
create table notice_flags (
    id bigint generated always as identity primary key,
    notice_id bigint not null references notices on delete cascade,
    comment_id bigint references notice_comments on delete cascade,
    flagged_by bigint not null references users,
    reason text not null check (length(reason) between 1 and 500),
    created_at timestamptz not null default now(),
    settled_at timestamptz
);
create unique index notice_flags_once on notice_flags (notice_id, coalesce(comment_id, 0), flagged_by);

-- Bookable resources and their rules. A booking of a resource for one at a time is exclusive over its time range
-- (pending ones hold the slot until the syndic decides); for larger capacities the resource row is locked while counting.
create table resources (
    id bigint generated always as identity primary key,
    building_id bigint not null references buildings,
    name text not null check (length(name) between 1 and 80),
    kind text not null check (kind in ('common_room', 'guest_parking', 'laundry', 'bike_station', 'garden_plot', 'other')),
    description text not null default '' check (length(description) <= 2000),
    capacity int not null default 1 check (capacity between 1 and 50),
    min_minutes int not null default 30 check (min_minutes between 15 and 1440),
    max_minutes int not null default 240 check (max_minutes between 15 and 43200),
    days_ahead int not null default 30 check (days_ahead between 1 and 365),
    needs_approval boolean not null default false,
    created_at timestamptz not null default now(),
    check (min_minutes <= max_minutes),
    constraint resources_name_unique unique (building_id, name)
);

create table bookings (
    id bigint generated always as identity primary key,
    resource_id bigint not null references resources on delete cascade,
    owner_id bigint not null references owners,
    during tstzrange not null check (not isempty(during) and lower_inc(during) and not upper_inc(during)),
    exclusive boolean not null,
    status text not null check (status in ('pending', 'confirmed', 'refused', 'cancelled')),
    purpose text check (length(purpose) <= 200),
    created_at timestamptz not null default now(),
    decided_at timestamptz,
    constraint bookings_no_overlap exclude using gist (resource_id with =, during with &&)
        where (exclusive and status in ('pending', 'confirmed'))
);
create index bookings_resource on bookings using gist (resource_id, during);
create index bookings_owner on bookings (owner_id);

-- The swap shop: things given or swapped between neighbours; one reservation at a time.
create table swap_items (
    id bigint generated always as identity primary key,
    building_id bigint not null references buildings,
    owner_id bigint not null references owners,
    mode text not null check (mode in ('give', 'swap')),
    title text not null check (length(title) between 1 and 120),
    description text not null default '' check (length(description) <= 2000),
    wanted text check (length(wanted) <= 200),
    status text not null default 'available' check (status in ('available', 'reserved', 'given')),
    taker_id bigint references owners,
    reserved_at timestamptz,
    given_at timestamptz,
    created_at timestamptz not null default now(),
    check ((status = 'available') = (taker_id is null)),
    check (taker_id is null or taker_id <> owner_id)
);
create index swap_items_building on swap_items (building_id, status, created_at desc);
