-- Group energy purchases (issue 17 §4): a campaign of the firm for one building or several, its participants with
-- their consent, EAN codes, yearly consumption and, if they want, their current bill (encrypted by the app, deleted 90
-- days after the campaign ends or when they leave), and the suppliers' offers.
create table energy_campaigns (
    id bigint generated always as identity primary key,
    organisation_id bigint not null references organisations,
    title text not null check (length(title) between 1 and 120),
    energy text not null check (energy in ('electricity', 'gas', 'both')),
    state text not null default 'draft' check (state in ('draft', 'voted', 'collecting', 'negotiating', 'decided', 'contracted', 'closed', 'cancelled')),
    -- the buildings' own common supply is part of it: the assembly decides first
    common_supply boolean not null default false,
    agenda_item_id bigint references agenda_items on delete set null,
    chosen_offer_id bigint,
    ended_on date,
    created_by bigint references users on delete set null,
    created_at timestamptz not null default now(),
    check ((state in ('closed', 'cancelled')) = (ended_on is not null)),
    check (state not in ('decided', 'contracted', 'closed') or chosen_offer_id is not null),
    unique (id, organisation_id)
);

create table energy_campaign_buildings (
    campaign_id bigint not null,
    organisation_id bigint not null,
    building_id bigint not null,
    primary key (campaign_id, building_id),
    foreign key (campaign_id, organisation_id) references energy_campaigns (id, organisation_id) on delete cascade,
    foreign key (building_id, organisation_id) references buildings (id, organisation_id)
);
create index energy_campaign_buildings_building on energy_campaign_buildings (building_id);

create function energy_campaigns_state_transition() returns trigger language plpgsql as $$
begin
    if new.state is distinct from old.state and not ((old.state, new.state) in (
        ('draft', 'voted'), ('draft', 'collecting'), ('voted', 'collecting'), ('collecting', 'negotiating'), ('negotiating', 'decided'),
        ('decided', 'contracted'), ('contracted', 'closed'), ('draft', 'cancelled'), ('voted', 'cancelled'), ('collecting', 'cancelled'),
        ('negotiating', 'cancelled'), ('decided', 'cancelled'))) then
        raise exception using errcode = '23514', constraint = 'energy_campaigns_state_transition',
            message = format('campaign %s cannot go from %s to %s', old.id, old.state, new.state);
    end if;
    if new.state = 'collecting' and old.state = 'draft' and new.common_supply then
        raise exception using errcode = '23514', constraint = 'energy_campaigns_state_transition',
            message = 'a campaign for the common supply is voted by the assembly first';
    end if;
    return new;
end $$;
create trigger energy_campaigns_state_transition before update on energy_campaigns
    for each row execute function energy_campaigns_state_transition();

create table energy_offers (
    id bigint generated always as identity primary key,
    campaign_id bigint not null references energy_campaigns on delete cascade,
    supplier text not null check (length(supplier) between 1 and 120),
    energy text not null check (energy in ('electricity', 'gas')),
    day_price numeric(8, 5) not null check (day_price > 0 and day_price < 10),
    night_price numeric(8, 5) check (night_price > 0 and night_price < 10),
    yearly_fee numeric(10, 2) not null check (yearly_fee >= 0),
    green_percent numeric(5, 2) not null check (green_percent between 0 and 100),
    months int not null check (months between 1 and 120),
    guaranteed_months int not null check (guaranteed_months between 0 and 120),
    service int not null check (service between 1 and 5),
    created_at timestamptz not null default now(),
    check (guaranteed_months <= months),
    unique (campaign_id, supplier, energy)
);
alter table energy_campaigns add foreign key (chosen_offer_id) references energy_offers;

-- A person taking part: their consent (the text they agreed to, in their language, and when), their connections' EAN
-- codes and yearly consumption, what they pay now (for their saving), their bill. Leaving keeps the row (the consent and
-- its withdrawal are the record) but erases the rest.
create table energy_participants (
    id bigint generated always as identity primary key,
    campaign_id bigint not null references energy_campaigns on delete cascade,
    building_id bigint not null,
    user_id bigint not null references users,
    consent text not null check (length(consent) between 1 and 2000),
    consented_at timestamptz not null default now(),
    electricity_ean text check (electricity_ean ~ '^54[0-9]{16}$'),
    gas_ean text check (gas_ean ~ '^54[0-9]{16}$'),
    day_kwh numeric(10, 0) check (day_kwh >= 0),
    night_kwh numeric(10, 0) check (night_kwh >= 0),
    gas_kwh numeric(10, 0) check (gas_kwh >= 0),
    -- what they pay now, per energy, for their estimated saving
    current_price numeric(8, 5) check (current_price > 0 and current_price < 10),
    current_fee numeric(10, 2) check (current_fee >= 0),
    gas_price numeric(8, 5) check (gas_price > 0 and gas_price < 10),
    gas_fee numeric(10, 2) check (gas_fee >= 0),
    bill bytea,
    bill_name text check (length(bill_name) between 1 and 200),
    left_at timestamptz,
    foreign key (campaign_id, building_id) references energy_campaign_buildings (campaign_id, building_id),
    check ((bill is null) = (bill_name is null)),
    check (left_at is null or (electricity_ean is null and gas_ean is null and day_kwh is null and night_kwh is null and gas_kwh is null
        and current_price is null and current_fee is null and gas_price is null and gas_fee is null and bill is null))
);
create unique index energy_participants_once on energy_participants (campaign_id, user_id) where left_at is null;
