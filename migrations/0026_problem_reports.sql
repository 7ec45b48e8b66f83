-- Problem reports (KoproGo.Domain.Works.ProblemReports): someone of the building reports a leak, a broken lift, a door
-- that no longer locks; the syndic takes it in hand. States move only as the Domain's rule says (the trigger below).
alter table lots add constraint lots_id_building unique (id, building_id);

create table problem_reports (
    id bigint generated always as identity primary key,
    organisation_id bigint not null,
    building_id bigint not null,
    foreign key (building_id, organisation_id) references buildings (id, organisation_id),
    -- where: a private lot, or a common part (lot_id null, described in "place")
    lot_id bigint,
    foreign key (lot_id, building_id) references lots (id, building_id),
    place text not null default '' check (length(place) <= 200),
    reporter_id bigint references users on delete set null,
    title text not null check (length(title) between 1 and 150),
    description text not null check (length(description) between 1 and 4000),
    category text not null check (category in ('water_leak', 'heating', 'lift', 'electricity', 'doors_and_locks', 'cleaning',
        'green_areas', 'noise_and_neighbours', 'other')),
    urgency text not null check (urgency in ('low', 'normal', 'high', 'emergency')),
    state text not null default 'open' check (state in ('open', 'in_progress', 'resolved', 'closed', 'cancelled')),
    -- the syndic may show a report about a common part to the whole building; never one about a private lot
    shown_to_building boolean not null default false check (not shown_to_building or lot_id is null),
    created_at timestamptz not null default now(),
    -- since when it waits to be taken in hand: its creation, or its reopening
    waiting_since timestamptz not null default now(),
    taken_at timestamptz,
    resolved_at timestamptz,
    closed_at timestamptz,
    cancelled_at timestamptz,
    cancel_reason text check (length(cancel_reason) between 1 and 500),
    check ((state = 'cancelled') = (cancel_reason is not null))
);
create index problem_reports_building on problem_reports (building_id, state);
create index problem_reports_organisation on problem_reports (organisation_id, created_at desc);

create function problem_reports_move() returns trigger language plpgsql as $$
begin
    if new.state <> old.state and (old.state, new.state) not in (
        ('open', 'in_progress'), ('in_progress', 'resolved'), ('resolved', 'closed'), ('resolved', 'open'),
        ('open', 'cancelled'), ('in_progress', 'cancelled')) then
        raise exception using errcode = '23514', constraint = 'problem_reports_state_transition',
            message = format('problem report %s cannot go from %s to %s', old.id, old.state, new.state);
    end if;
    if new.building_id <> old.building_id or new.organisation_id <> old.organisation_id then
        raise exception using errcode = '23514', constraint = 'problem_reports_state_transition', message = 'a report stays in its building';
    end if;
    return new;
end $$;

create trigger problem_reports_state_transition before update on problem_reports
    for each row execute function problem_reports_move();

-- "Me too": those who met the same problem follow it instead of reporting it again.
create table problem_report_followers (
    report_id bigint not null references problem_reports on delete cascade,
    user_id bigint not null references users on delete cascade,
    since timestamptz not null default now(),
    primary key (report_id, user_id)
);

create table problem_report_comments (
    id bigint generated always as identity primary key,
    report_id bigint not null references problem_reports on delete cascade,
    author_id bigint references users on delete set null,
    body text not null check (length(body) between 1 and 2000),
    created_at timestamptz not null default now()
);
create index problem_report_comments_report on problem_report_comments (report_id, id);

-- Photos as the server re-encoded them (JPEG, at most 1600 px, no metadata): at most 5 per report.
create table problem_report_photos (
    id bigint generated always as identity primary key,
    report_id bigint not null references problem_reports on delete cascade,
    position int not null check (position between 1 and 5),
    content bytea not null check (length(content) <= 2000000),
    width int not null,
    height int not null,
    added_by bigint references users on delete set null,
    added_at timestamptz not null default now(),
    unique (report_id, position)
);

-- How long a report may wait to be taken in hand, per building and urgency (KoproGo's defaults when absent).
create table problem_report_delays (
    building_id bigint not null references buildings on delete cascade,
    urgency text not null check (urgency in ('low', 'normal', 'high', 'emergency')),
    hours int not null check (hours between 1 and 2000),
    primary key (building_id, urgency)
);
