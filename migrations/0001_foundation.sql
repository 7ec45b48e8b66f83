-- Foundation: organisations (tenants), users and roles, buildings, lots, owners and who owns what.
-- Every tenant-owned row carries organisation_id; composite foreign keys make a row of one
-- organisation unable to point at a row of another.

create extension if not exists btree_gist;

-- How people expect lists sorted, whatever the database's default collation: accents and case
-- ignored first, digits compared as numbers (lot A2 before A10).
create collation if not exists natural_sort (provider = icu, locale = 'und-u-kn-true');

create table organisations (
    id bigint generated always as identity primary key,
    name text not null check (length(name) between 1 and 200),
    kind text not null check (kind in ('platform', 'professional_syndic', 'self_managed')),
    company_number text,
    created_at timestamptz not null default now()
);

create table buildings (
    id bigint generated always as identity primary key,
    organisation_id bigint not null references organisations,
    slug text not null unique check (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$'),
    name text not null check (length(name) between 1 and 200),
    street text not null check (length(street) between 1 and 200),
    postcode text not null check (postcode ~ '^[1-9][0-9]{3}$'),
    city text not null check (length(city) between 1 and 100),
    company_number text check (company_number ~ '^[01][0-9]{9}$'),
    iban text check (iban ~ '^[A-Z]{2}[0-9]{2}[A-Z0-9]{11,30}$'),
    total_shares int not null check (total_shares between 1 and 1000000),
    construction_year int check (construction_year between 1000 and 2100),
    language text not null default 'fr' check (language in ('fr', 'nl', 'de', 'en')),
    syndic_name text not null check (length(syndic_name) between 1 and 200),
    syndic_address text not null check (length(syndic_address) between 1 and 300),
    syndic_phone text not null check (length(syndic_phone) between 1 and 40),
    syndic_email text not null check (length(syndic_email) between 3 and 254),
    syndic_company_number text check (syndic_company_number ~ '^[01][0-9]{9}$'),
    syndic_office_hours text check (length(syndic_office_hours) <= 300),
    created_at timestamptz not null default now(),
    unique (id, organisation_id)
);
create index buildings_organisation on buildings (organisation_id);

create table lots (
    id bigint generated always as identity primary key,
    organisation_id bigint not null,
    building_id bigint not null,
    number text not null check (length(number) between 1 and 20),
    kind text not null check (kind in ('apartment', 'commercial', 'parking', 'garage', 'cellar', 'other')),
    floor int check (floor between -10 and 200),
    area numeric(9, 2) check (area > 0),
    quota int not null check (quota > 0),
    foreign key (building_id, organisation_id) references buildings (id, organisation_id),
    constraint lots_number_unique unique (building_id, number),
    unique (id, organisation_id)
);

create table owners (
    id bigint generated always as identity primary key,
    organisation_id bigint not null references organisations,
    kind text not null check (kind in ('natural', 'legal')),
    first_name text check (length(first_name) <= 100),
    last_name text not null check (length(last_name) between 1 and 200),
    company_number text check (company_number ~ '^[01][0-9]{9}$'),
    email text check (length(email) <= 254),
    phone text check (length(phone) <= 40),
    language text not null default 'fr' check (language in ('fr', 'nl', 'de', 'en')),
    street text check (length(street) <= 200),
    postcode text check (length(postcode) <= 10),
    city text check (length(city) <= 100),
    country text not null default 'BE' check (country ~ '^[A-Z]{2}$'),
    created_at timestamptz not null default now(),
    check (kind = 'natural' or first_name is null),
    unique (id, organisation_id)
);
create index owners_organisation on owners (organisation_id, last_name);

-- Who holds which right on which lot, from a date (inclusive) to a date (exclusive, null = still).
create table lot_ownerships (
    id bigint generated always as identity primary key,
    organisation_id bigint not null,
    lot_id bigint not null,
    owner_id bigint not null,
    share_numerator int not null,
    share_denominator int not null,
    ownership_right text not null check (ownership_right in ('full', 'bare', 'usufruct')),
    valid_from date not null,
    valid_to date,
    check (share_denominator between 1 and 10000 and share_numerator between 1 and share_denominator),
    check (valid_to is null or valid_to > valid_from),
    foreign key (lot_id, organisation_id) references lots (id, organisation_id) on delete cascade,
    foreign key (owner_id, organisation_id) references owners (id, organisation_id),
    constraint lot_ownerships_no_overlap exclude using gist (
        lot_id with =, owner_id with =, ownership_right with =, daterange(valid_from, valid_to) with &&)
);
create index lot_ownerships_owner on lot_ownerships (owner_id);

create table users (
    id bigint generated always as identity primary key,
    organisation_id bigint not null references organisations,
    email text not null check (length(email) between 3 and 254),
    display_name text not null check (length(display_name) between 1 and 200),
    password_hash text not null,
    language text not null default 'fr' check (language in ('fr', 'nl', 'de', 'en')),
    owner_id bigint,
    failed_logins int not null default 0,
    locked_until timestamptz,
    created_at timestamptz not null default now(),
    foreign key (owner_id, organisation_id) references owners (id, organisation_id)
);
create unique index users_email_unique on users (lower(email));

create table user_roles (
    user_id bigint not null references users on delete cascade,
    role text not null check (role in ('SuperAdmin', 'Syndic', 'Accountant', 'BoardMember', 'Owner', 'Contractor')),
    building_id bigint references buildings on delete cascade,
    check ((role = 'BoardMember') = (building_id is not null))
);
create unique index user_roles_unique on user_roles (user_id, role, coalesce(building_id, 0));

-- ASP.NET data-protection keys, shared by every instance so a cookie issued by one is read by all.
create table data_protection_keys (
    friendly_name text primary key,
    xml text not null,
    created_at timestamptz not null default now()
);

-- The lots' quotas may never exceed the building's total (art. 3.85 §1: quotas are shares of one whole).
-- A BEFORE trigger locks the building row first, so concurrent inserts queue up there (and not, later, behind the
-- foreign-key check's lock, which would deadlock) and each one counts the lots committed before it.
create function lots_quota_within_total() returns trigger language plpgsql as $$
declare
    total int;
    others bigint;
begin
    select total_shares into total from buildings where id = new.building_id for no key update;
    select coalesce(sum(quota), 0) into others from lots where building_id = new.building_id and id <> new.id;
    if others + new.quota > total then
        raise exception using
            errcode = '23514',
            constraint = 'lots_quota_within_total',
            message = format('the lots of building %s would hold %s shares out of %s', new.building_id, others + new.quota, total);
    end if;
    return new;
end $$;

create trigger lots_quota_within_total before insert or update of quota, building_id on lots
    for each row execute function lots_quota_within_total();

create function buildings_total_covers_lots() returns trigger language plpgsql as $$
declare
    allocated bigint;
begin
    select coalesce(sum(quota), 0) into allocated from lots where building_id = new.id;
    if allocated > new.total_shares then
        raise exception using
            errcode = '23514',
            constraint = 'lots_quota_within_total',
            message = format('building %s: lots already hold %s shares, more than %s', new.id, allocated, new.total_shares);
    end if;
    return new;
end $$;

create trigger buildings_total_covers_lots before update of total_shares on buildings
    for each row execute function buildings_total_covers_lots();

-- The shares held on a lot sum to exactly 100% at every date (or nobody is recorded):
-- full + bare ownership = 1 and full ownership + usufruct = 1, computed exactly with a common denominator.
-- Checked at commit, so a sale can end the seller's row and add the buyer's in one transaction.
create function check_lot_shares(p_lot bigint) returns void language plpgsql as $$
declare
    common bigint := 1;
    den int;
    d date;
    full_part bigint;
    bare_part bigint;
    usufruct_part bigint;
begin
    perform 1 from lots where id = p_lot for update;
    if not found then
        return;
    end if;
    for den in select distinct share_denominator from lot_ownerships where lot_id = p_lot loop
        common := lcm(common, den::bigint);
    end loop;

    for d in
        select valid_from from lot_ownerships where lot_id = p_lot
        union
        select valid_to from lot_ownerships where lot_id = p_lot and valid_to is not null
    loop
        select coalesce(sum(share_numerator * (common / share_denominator)) filter (where ownership_right = 'full'), 0),
               coalesce(sum(share_numerator * (common / share_denominator)) filter (where ownership_right = 'bare'), 0),
               coalesce(sum(share_numerator * (common / share_denominator)) filter (where ownership_right = 'usufruct'), 0)
        into full_part, bare_part, usufruct_part
        from lot_ownerships
        where lot_id = p_lot and valid_from <= d and (valid_to is null or valid_to > d);

        if not (full_part + bare_part = 0 and full_part + usufruct_part = 0)
           and not (full_part + bare_part = common and full_part + usufruct_part = common) then
            raise exception using
                errcode = '23514',
                constraint = 'lot_shares_sum_to_whole',
                message = format('lot %s: the ownership shares on %s do not sum to 100%%', p_lot, d);
        end if;
    end loop;
end $$;

create function lot_ownerships_check_shares() returns trigger language plpgsql as $$
begin
    if tg_op in ('INSERT', 'UPDATE') then
        perform check_lot_shares(new.lot_id);
    end if;
    if tg_op in ('UPDATE', 'DELETE') and (tg_op = 'DELETE' or old.lot_id <> new.lot_id) then
        perform check_lot_shares(old.lot_id);
    end if;
    return null;
end $$;

create constraint trigger lot_shares_sum_to_whole after insert or update or delete on lot_ownerships
    deferrable initially deferred
    for each row execute function lot_ownerships_check_shares();
