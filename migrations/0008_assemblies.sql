-- General assemblies (art. 3.87–3.88 Civil Code): assemblies and their agenda, the members convened with their votes,
-- attendance and proxies, votes; owners' requests; the board of co-owners and its follow-up of decisions; polls.
-- The rules themselves live in KoproGo.Domain/Assemblies; the database guards what must hold under concurrency.

-- Art. 3.87 §3: the regulation of co-ownership may set another convocation delay than 15 days.
alter table buildings add column convocation_days int not null default 15 check (convocation_days between 1 and 90);

-- Art. 3.87 §3: convocations go by registered letter unless the owner accepted e-mail in writing.
alter table owners add column email_convocations boolean not null default false;

-- Joint owners, bare owner and usufructuary vote through one person (art. 3.87 §1): the one designated for the lot.
alter table lots add column voting_owner_id bigint;
alter table lots add foreign key (voting_owner_id, organisation_id) references owners (id, organisation_id);

-- Who votes for each lot today: the designated owner if they still hold it, else the usufructuary, else the largest
-- share (the earliest recorded owner on a tie). Only lots held by someone vote.
create view lot_voters as
select distinct on (l.id) l.id as lot_id, l.organisation_id, l.building_id, l.number, l.quota, o.owner_id
from lots l
join lot_ownerships o on o.lot_id = l.id and o.valid_from <= current_date and (o.valid_to is null or o.valid_to > current_date)
order by l.id, (o.owner_id = l.voting_owner_id) is true desc, (o.ownership_right = 'usufruct') desc,
         o.share_numerator::numeric / o.share_denominator desc, o.owner_id;

create table assemblies (
    id bigint generated always as identity primary key,
    organisation_id bigint not null,
    building_id bigint not null,
    kind text not null check (kind in ('ordinary', 'extraordinary')),
    meeting_at timestamptz not null,
    place text not null check (length(place) between 1 and 300),
    video_link text check (video_link ~ '^https://' and length(video_link) <= 500),
    -- draft → convened → in_session → closed; no_quorum when the first meeting could not deliberate; cancelled.
    status text not null default 'draft' check (status in ('draft', 'convened', 'in_session', 'closed', 'no_quorum', 'cancelled')),
    -- A second assembly (art. 3.87 §5) points at the first; it needs no quorum.
    first_assembly_id bigint,
    convened_on date,
    opened_at timestamptz,
    closed_at timestamptz,
    minutes text check (length(minutes) <= 200000),
    minutes_document_id bigint references documents,
    minutes_sent_at timestamptz,
    minutes_warned_at timestamptz,
    created_at timestamptz not null default now(),
    foreign key (building_id, organisation_id) references buildings (id, organisation_id),
    foreign key (first_assembly_id, organisation_id) references assemblies (id, organisation_id),
    unique (id, organisation_id)
);
create index assemblies_building on assemblies (building_id, meeting_at desc);

create table agenda_items (
    id bigint generated always as identity primary key,
    organisation_id bigint not null,
    assembly_id bigint not null,
    position int not null check (position > 0),
    title text not null check (length(title) between 1 and 200),
    body text not null default '' check (length(body) <= 10000),
    decision_kind text not null,
    -- null: for information, no vote.
    majority text check (majority in ('absolute', 'two_thirds', 'four_fifths', 'unanimity')),
    vote_status text not null default 'not_open' check (vote_status in ('not_open', 'open', 'closed')),
    -- The result, frozen when the vote closes (after the vote cap).
    votes_for bigint,
    votes_against bigint,
    votes_abstain bigint,
    votes_set_aside bigint,
    adopted boolean,
    foreign key (assembly_id, organisation_id) references assemblies (id, organisation_id) on delete cascade,
    constraint agenda_items_position_unique unique (assembly_id, position) deferrable initially immediate,
    check (majority is not null or vote_status = 'not_open'),
    unique (id, organisation_id)
);

create table agenda_item_documents (
    agenda_item_id bigint not null references agenda_items on delete cascade,
    document_id bigint not null references documents on delete cascade,
    primary key (agenda_item_id, document_id)
);

-- The owners convened, fixed when the convocation goes out: their votes (quotas of the lots they vote for), how they
-- were reached, whether they opened and answered, and their attendance on the day.
create table assembly_members (
    assembly_id bigint not null,
    organisation_id bigint not null,
    owner_id bigint not null,
    name text not null,
    votes int not null check (votes > 0),
    lots text not null,
    language text not null check (language in ('fr', 'nl', 'de', 'en')),
    email text,
    channel text not null check (channel in ('email', 'post')),
    token text not null unique check (token ~ '^[0-9a-f]{32}$'),
    convocation_sent_at timestamptz,
    opened_at timestamptz,
    reply text check (reply in ('attending', 'proxy', 'absent')),
    replied_at timestamptz,
    reply_note text check (length(reply_note) <= 500),
    reminded_at timestamptz,
    attendance text not null default 'absent' check (attendance in ('absent', 'present', 'represented')),
    proxy_owner_id bigint,
    proxy_name text check (length(proxy_name) between 1 and 200),
    primary key (assembly_id, owner_id),
    foreign key (assembly_id, organisation_id) references assemblies (id, organisation_id) on delete cascade,
    foreign key (owner_id, organisation_id) references owners (id, organisation_id),
    foreign key (assembly_id, proxy_owner_id) references assembly_members (assembly_id, owner_id),
    -- Represented exactly when a proxy names its holder: a member of the assembly, or someone else by name.
    check ((attendance = 'represented') = (proxy_owner_id is not null or proxy_name is not null)),
    check (proxy_owner_id is null or proxy_name is null),
    -- Art. 3.87 §7: nobody gives a proxy to themself.
    check (proxy_owner_id is distinct from owner_id)
);

create table votes (
    agenda_item_id bigint not null references agenda_items on delete cascade,
    assembly_id bigint not null,
    owner_id bigint not null,
    choice text not null check (choice in ('for', 'against', 'abstain')),
    cast_by bigint references users on delete set null,
    cast_at timestamptz not null default now(),
    primary key (agenda_item_id, owner_id),
    foreign key (assembly_id, owner_id) references assembly_members (assembly_id, owner_id) on delete cascade
);

-- A vote is given, changed or withdrawn only while its resolution's vote is open, and only for a member present or
-- represented. The item row is locked in share mode, so closing the vote (which locks it for update) waits for
-- votes being written, and votes wait for the close: no vote slips in after the result is frozen.
create function votes_only_while_open() returns trigger language plpgsql as $$
declare
    item_status text;
    item_assembly bigint;
    present text;
begin
    select vote_status, assembly_id into item_status, item_assembly
    from agenda_items where id = coalesce(new.agenda_item_id, old.agenda_item_id) for share;
    if item_status <> 'open' then
        raise exception using errcode = '23514', constraint = 'votes_only_while_open',
            message = format('the vote on agenda item %s is %s', coalesce(new.agenda_item_id, old.agenda_item_id), item_status);
    end if;
    if tg_op <> 'DELETE' then
        select attendance into present from assembly_members where assembly_id = new.assembly_id and owner_id = new.owner_id;
        if new.assembly_id <> item_assembly or present is null or present = 'absent' then
            raise exception using errcode = '23514', constraint = 'votes_by_members_present',
                message = format('owner %s is not present or represented at assembly %s', new.owner_id, new.assembly_id);
        end if;
    end if;
    return coalesce(new, old);
end $$;

create trigger votes_only_while_open before insert or update or delete on votes
    for each row execute function votes_only_while_open();

-- Owners ask for an item on the agenda (art. 3.87 §2); the syndic adds it to an assembly or declines it.
create table agenda_requests (
    id bigint generated always as identity primary key,
    organisation_id bigint not null,
    building_id bigint not null,
    owner_id bigint not null,
    title text not null check (length(title) between 1 and 200),
    body text not null default '' check (length(body) <= 5000),
    status text not null default 'pending' check (status in ('pending', 'accepted', 'declined')),
    agenda_item_id bigint references agenda_items on delete set null,
    answer text check (length(answer) <= 1000),
    created_at timestamptz not null default now(),
    answered_at timestamptz,
    foreign key (building_id, organisation_id) references buildings (id, organisation_id),
    foreign key (owner_id, organisation_id) references owners (id, organisation_id)
);

-- Owners holding at least one fifth of the shares may ask the syndic to call an assembly (art. 3.87 §2).
create table assembly_requests (
    id bigint generated always as identity primary key,
    organisation_id bigint not null,
    building_id bigint not null,
    reason text not null check (length(reason) between 1 and 2000),
    created_at timestamptz not null default now(),
    -- The day the signatures first reached one fifth: the syndic's 15 days run from there.
    threshold_reached_on date,
    assembly_id bigint,
    follow_up_sent_at timestamptz,
    foreign key (building_id, organisation_id) references buildings (id, organisation_id),
    foreign key (assembly_id, organisation_id) references assemblies (id, organisation_id),
    unique (id, organisation_id)
);

create table assembly_request_signatures (
    request_id bigint not null,
    organisation_id bigint not null,
    owner_id bigint not null,
    signed_at timestamptz not null default now(),
    primary key (request_id, owner_id),
    foreign key (request_id, organisation_id) references assembly_requests (id, organisation_id) on delete cascade,
    foreign key (owner_id, organisation_id) references owners (id, organisation_id)
);

-- The board of co-owners (art. 3.90): mandates never overlap for one person, and one president at a time.
create table board_members (
    id bigint generated always as identity primary key,
    organisation_id bigint not null,
    building_id bigint not null,
    owner_id bigint not null,
    role text not null check (role in ('president', 'member')),
    assembly_id bigint,
    mandate_from date not null,
    mandate_to date not null,
    check (mandate_to > mandate_from),
    foreign key (building_id, organisation_id) references buildings (id, organisation_id),
    foreign key (owner_id, organisation_id) references owners (id, organisation_id),
    foreign key (assembly_id, organisation_id) references assemblies (id, organisation_id),
    constraint board_members_no_overlap exclude using gist (
        building_id with =, owner_id with =, daterange(mandate_from, mandate_to) with &&),
    constraint board_one_president exclude using gist (
        building_id with =, daterange(mandate_from, mandate_to) with &&) where (role = 'president')
);

-- The assembly's decisions followed up by the board: overdue is not stored, it is a deadline in the past.
create table decisions (
    id bigint generated always as identity primary key,
    organisation_id bigint not null,
    building_id bigint not null,
    agenda_item_id bigint references agenda_items on delete set null,
    title text not null check (length(title) between 1 and 200),
    responsible text check (length(responsible) <= 200),
    deadline date,
    status text not null default 'pending' check (status in ('pending', 'in_progress', 'done')),
    notes text not null default '' check (length(notes) <= 5000),
    alerted_at timestamptz,
    overdue_alerted_at timestamptz,
    updated_at timestamptz not null default now(),
    foreign key (building_id, organisation_id) references buildings (id, organisation_id),
    unique (agenda_item_id)
);
create index decisions_building on decisions (building_id, deadline);

-- Polls between assemblies: one answer per owner, enforced by the key.
create table polls (
    id bigint generated always as identity primary key,
    organisation_id bigint not null,
    building_id bigint not null,
    question text not null check (length(question) between 1 and 300),
    description text not null default '' check (length(description) <= 5000),
    kind text not null check (kind in ('yes_no', 'choice', 'rating', 'text')),
    options text[] not null default '{}',
    opens_on date not null,
    closes_on date not null,
    created_by bigint references users on delete set null,
    created_at timestamptz not null default now(),
    check (closes_on >= opens_on),
    check ((kind = 'choice') = (cardinality(options) >= 2)),
    foreign key (building_id, organisation_id) references buildings (id, organisation_id),
    unique (id, organisation_id)
);

create table poll_answers (
    poll_id bigint not null,
    organisation_id bigint not null,
    owner_id bigint not null,
    answer text not null check (length(answer) between 1 and 2000),
    answered_at timestamptz not null default now(),
    primary key (poll_id, owner_id),
    foreign key (poll_id, organisation_id) references polls (id, organisation_id) on delete cascade,
    foreign key (owner_id, organisation_id) references owners (id, organisation_id)
);
