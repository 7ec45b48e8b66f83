-- Residents in the community. Until now a community member was an owner holding a lot in the building, and every
-- community table named its people by owner id. A building may now open its community to residents (tenants and other
-- occupants who own no lot): they get an account with the role Resident for that building. Both kinds of member get one
-- row in community_members per building, and the community tables name their people by that row.

alter table buildings add column community_residents boolean not null default false;

alter table user_roles drop constraint user_roles_role_check;
alter table user_roles add constraint user_roles_role_check
    check (role in ('SuperAdmin', 'Syndic', 'Accountant', 'BoardMember', 'Owner', 'Contractor', 'Resident'));
alter table user_roles drop constraint user_roles_check;
alter table user_roles add constraint user_roles_building_check check ((role in ('BoardMember', 'Resident')) = (building_id is not null));

-- One member per building and person: an owner (while they hold a lot there) or a resident's account (while the
-- building lets residents in and the account keeps its Resident role there). The privacy choices move here.
create table community_members (
    id bigint generated always as identity primary key,
    building_id bigint not null references buildings,
    owner_id bigint references owners,
    user_id bigint references users,
    lot_id bigint references lots,
    in_directory boolean not null default false,
    on_leaderboard boolean not null default false,
    joined_at timestamptz not null default now(),
    check ((owner_id is null) <> (user_id is null)),
    check (lot_id is null or user_id is not null),
    constraint community_members_owner unique (building_id, owner_id),
    constraint community_members_user unique (building_id, user_id)
);

-- Every owner who already took part gets their member row, with the choices they made.
insert into community_members (building_id, owner_id, in_directory, on_leaderboard)
select building_id, owner_id, bool_or(in_directory), bool_or(on_leaderboard)
from (
    select building_id, owner_id, in_directory, on_leaderboard from community_profiles
    union all select building_id, provider_id, false, false from sel_exchanges
    union all select building_id, requester_id, false, false from sel_exchanges where requester_id is not null
    union all select building_id, from_owner, false, false from sel_transfers
    union all select building_id, to_owner, false, false from sel_transfers
    union all select x.building_id, r.rater_id, false, false from sel_ratings r join sel_exchanges x on x.id = r.exchange_id
    union all select x.building_id, r.rated_id, false, false from sel_ratings r join sel_exchanges x on x.id = r.exchange_id
    union all select building_id, owner_id, false, false from skills
    union all select building_id, owner_id, false, false from shared_objects
    union all select s.building_id, k.borrower_id, false, false from object_loans k join shared_objects s on s.id = k.object_id
    union all select r.building_id, k.owner_id, false, false from bookings k join resources r on r.id = k.resource_id
    union all select building_id, owner_id, false, false from swap_items
    union all select building_id, taker_id, false, false from swap_items where taker_id is not null
) people
group by building_id, owner_id;
drop table community_profiles;

-- Each column that named an owner now names that owner's member row in the same building.
alter table sel_exchanges drop constraint sel_exchanges_provider_id_fkey, drop constraint sel_exchanges_requester_id_fkey;
-- Both parties in one statement: the check that they differ is evaluated on each row as it is written.
update sel_exchanges x set provider_id = p.id, requester_id = r.id
from community_members p, community_members r
where p.building_id = x.building_id and p.owner_id = x.provider_id and r.building_id = x.building_id and r.owner_id = x.requester_id;
update sel_exchanges x set provider_id = p.id from community_members p
where p.building_id = x.building_id and p.owner_id = x.provider_id and x.requester_id is null;
alter table sel_exchanges add foreign key (provider_id) references community_members, add foreign key (requester_id) references community_members;

-- The ledger refuses changes; this one-time renaming of its parties is the exception.
alter table sel_transfers disable trigger sel_transfers_fixed;
alter table sel_transfers drop constraint sel_transfers_from_owner_fkey, drop constraint sel_transfers_to_owner_fkey;
update sel_transfers t set from_owner = f.id, to_owner = o.id from community_members f, community_members o
where f.building_id = t.building_id and f.owner_id = t.from_owner and o.building_id = t.building_id and o.owner_id = t.to_owner;
alter table sel_transfers rename column from_owner to from_member;
alter table sel_transfers rename column to_owner to to_member;
alter table sel_transfers add foreign key (from_member) references community_members, add foreign key (to_member) references community_members;
alter table sel_transfers enable trigger sel_transfers_fixed;

alter table sel_ratings drop constraint sel_ratings_rater_id_fkey, drop constraint sel_ratings_rated_id_fkey;
update sel_ratings r set rater_id = a.id, rated_id = b.id from sel_exchanges x, community_members a, community_members b
where x.id = r.exchange_id and a.building_id = x.building_id and a.owner_id = r.rater_id and b.building_id = x.building_id and b.owner_id = r.rated_id;
alter table sel_ratings add foreign key (rater_id) references community_members, add foreign key (rated_id) references community_members;

alter table skills drop constraint skills_owner_id_fkey;
update skills s set owner_id = m.id from community_members m where m.building_id = s.building_id and m.owner_id = s.owner_id;
alter table skills rename column owner_id to member_id;
alter table skills add foreign key (member_id) references community_members;

alter table shared_objects drop constraint shared_objects_owner_id_fkey;
update shared_objects s set owner_id = m.id from community_members m where m.building_id = s.building_id and m.owner_id = s.owner_id;
alter table shared_objects rename column owner_id to member_id;
alter table shared_objects add foreign key (member_id) references community_members;

alter table object_loans drop constraint object_loans_borrower_id_fkey;
update object_loans k set borrower_id = m.id from shared_objects s, community_members m
where s.id = k.object_id and m.building_id = s.building_id and m.owner_id = k.borrower_id;
alter table object_loans add foreign key (borrower_id) references community_members;

alter table bookings drop constraint bookings_owner_id_fkey;
update bookings k set owner_id = m.id from resources r, community_members m
where r.id = k.resource_id and m.building_id = r.building_id and m.owner_id = k.owner_id;
alter table bookings rename column owner_id to member_id;
alter table bookings add foreign key (member_id) references community_members;
alter index bookings_owner rename to bookings_member;

alter table swap_items drop constraint swap_items_owner_id_fkey, drop constraint swap_items_taker_id_fkey;
update swap_items s set owner_id = m.id, taker_id = t.id from community_members m, community_members t
where m.building_id = s.building_id and m.owner_id = s.owner_id and t.building_id = s.building_id and t.owner_id = s.taker_id;
update swap_items s set owner_id = m.id from community_members m
where m.building_id = s.building_id and m.owner_id = s.owner_id and s.taker_id is null;
alter table swap_items rename column owner_id to member_id;
alter table swap_items add foreign key (member_id) references community_members, add foreign key (taker_id) references community_members;

-- How a neighbour appears to the others: first name and the initial of the last name, never contact details. A
-- company that owns a lot shows its name.
create view neighbours as
select m.id, m.building_id, m.owner_id, m.user_id,
       coalesce(o.first_name || ' ' || left(o.last_name, 1) || '.', o.last_name,
                split_part(btrim(u.display_name), ' ', 1) || coalesce(' ' || left(substring(btrim(u.display_name) from ' +(.*)$'), 1) || '.', '')) as name
from community_members m left join owners o on o.id = m.owner_id left join users u on u.id = m.user_id;
