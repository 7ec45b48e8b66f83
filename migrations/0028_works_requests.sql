-- Works requests (KoproGo.Domain.Works.WorksRequests): the syndic asks contractors for quotes, compares them, and the
-- works are decided by the assembly, by the syndic alone when urgent, or within an amount the assembly delegated.

-- Contractors are the suppliers with a trade; they are written to in their language.
alter table suppliers add column trade text check (trade in ('general', 'plumbing', 'heating', 'electricity', 'lift', 'roofing',
    'facade', 'carpentry', 'painting', 'locksmith', 'gardening', 'cleaning', 'other'));
alter table suppliers add column language text not null default 'fr' check (language in ('fr', 'nl', 'de', 'en'));

-- What the assembly set for the building: the amount above which competition is mandatory (art. 3.88 §1, by 2/3),
-- and the amount up to which the syndic or the board decides works without it.
alter table buildings add column tender_threshold numeric(12, 2) not null default 5000 check (tender_threshold >= 0);
alter table buildings add column works_delegated_amount numeric(12, 2) not null default 0 check (works_delegated_amount >= 0);
alter table buildings add column works_delegated_to text not null default 'syndic' check (works_delegated_to in ('syndic', 'board'));

-- A contractor's personal link: 256 random bits mailed to them, only the SHA-256 kept; one contractor, 72 hours.
create table contractor_links (
    id bigint generated always as identity primary key,
    organisation_id bigint not null,
    supplier_id bigint not null,
    foreign key (supplier_id, organisation_id) references suppliers (id, organisation_id),
    token_hash text not null unique check (token_hash ~ '^[0-9a-f]{64}$'),
    expires_at timestamptz not null,
    revoked_at timestamptz,
    created_by bigint references users on delete set null,
    created_at timestamptz not null default now()
);
create index contractor_links_supplier on contractor_links (supplier_id, created_at desc);

-- What was done through a link is recorded with the link.
alter table audit_log add column contractor_link_id bigint references contractor_links;

create table works_requests (
    id bigint generated always as identity primary key,
    organisation_id bigint not null,
    building_id bigint not null,
    foreign key (building_id, organisation_id) references buildings (id, organisation_id),
    problem_report_id bigint references problem_reports on delete set null,
    title text not null check (length(title) between 1 and 150),
    description text not null check (length(description) between 1 and 4000),
    -- what the syndic expects it to cost, VAT included
    estimate numeric(12, 2) not null check (estimate > 0 and estimate <= 10000000),
    answer_by date not null,
    state text not null default 'collecting' check (state in ('collecting', 'to_assembly', 'accepted', 'cancelled')),
    agenda_item_id bigint unique references agenda_items,
    proposed_quote_id bigint,
    accepted_quote_id bigint,
    decided_how text check (decided_how in ('assembly', 'urgent', 'delegated')),
    decision_reason text check (length(decision_reason) between 1 and 1000),
    fewer_quotes_reason text check (length(fewer_quotes_reason) between 1 and 1000),
    decided_at timestamptz,
    decided_by bigint references users on delete set null,
    cancel_reason text check (length(cancel_reason) between 1 and 500),
    created_by bigint references users on delete set null,
    created_at timestamptz not null default now(),
    check (state <> 'to_assembly' or (agenda_item_id is not null and proposed_quote_id is not null)),
    check ((state = 'accepted') = (accepted_quote_id is not null and decided_how is not null and decided_at is not null)),
    check (decided_how is distinct from 'urgent' or decision_reason is not null),
    check ((state = 'cancelled') = (cancel_reason is not null)),
    unique (id, organisation_id)
);
create index works_requests_building on works_requests (building_id, state);
create index works_requests_organisation on works_requests (organisation_id, created_at desc);

create function works_requests_move() returns trigger language plpgsql as $$
begin
    if new.state <> old.state and (old.state, new.state) not in (
        ('collecting', 'to_assembly'), ('to_assembly', 'accepted'), ('to_assembly', 'collecting'), ('collecting', 'accepted'),
        ('collecting', 'cancelled'), ('to_assembly', 'cancelled')) then
        raise exception using errcode = '23514', constraint = 'works_requests_state_transition',
            message = format('works request %s cannot go from %s to %s', old.id, old.state, new.state);
    end if;
    if new.building_id <> old.building_id or new.organisation_id <> old.organisation_id then
        raise exception using errcode = '23514', constraint = 'works_requests_state_transition', message = 'a works request stays in its building';
    end if;
    return new;
end $$;

create trigger works_requests_state_transition before update on works_requests
    for each row execute function works_requests_move();

-- The contractors asked to quote.
create table works_request_invitations (
    request_id bigint not null references works_requests on delete cascade,
    supplier_id bigint not null references suppliers,
    invited_by bigint references users on delete set null,
    invited_at timestamptz not null default now(),
    primary key (request_id, supplier_id)
);
create index works_request_invitations_supplier on works_request_invitations (supplier_id);

-- One quote per contractor and request (answering again replaces it while quotes are taken).
create table quotes (
    id bigint generated always as identity primary key,
    request_id bigint not null references works_requests on delete cascade,
    supplier_id bigint not null references suppliers,
    amount_excl_vat numeric(12, 2) not null check (amount_excl_vat > 0 and amount_excl_vat <= 10000000),
    vat_rate numeric(4, 2) not null check (vat_rate in (6, 12, 21)),
    duration_days int not null check (duration_days between 1 and 3650),
    start_on date not null,
    warranty_years int not null check (warranty_years between 0 and 30),
    valid_until date not null,
    notes text not null default '' check (length(notes) <= 2000),
    document_id bigint references documents on delete set null,
    status text not null default 'received' check (status in ('received', 'accepted', 'rejected')),
    -- typed in by the syndic from paper, or sent by the contractor through their link
    entered_by bigint references users on delete set null,
    link_id bigint references contractor_links,
    received_at timestamptz not null default now(),
    constraint quotes_one_per_contractor unique (request_id, supplier_id),
    unique (id, request_id)
);
create unique index quotes_one_accepted on quotes (request_id) where status = 'accepted';

-- The quote proposed or accepted is one of the request's own.
alter table works_requests add foreign key (proposed_quote_id, id) references quotes (id, request_id) deferrable initially deferred;
alter table works_requests add foreign key (accepted_quote_id, id) references quotes (id, request_id) deferrable initially deferred;

-- An agenda item removed from a draft assembly gives its request back to the syndic.
create function agenda_items_release_works() returns trigger language plpgsql as $$
begin
    update works_requests set state = 'collecting', agenda_item_id = null, proposed_quote_id = null where agenda_item_id = old.id and state = 'to_assembly';
    return old;
end $$;

create trigger agenda_items_release_works before delete on agenda_items
    for each row execute function agenda_items_release_works();
