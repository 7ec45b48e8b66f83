-- Accounting of an association of co-owners (AR of 12 July 2012): one chart, journals of balanced entries, financial
-- years that close, suppliers and their invoices, distribution keys, calls for funds, payments and bank statements.

-- The minimum chart of accounts (PCMN for associations of co-owners, AR 12/07/2012), versioned reference data: a later
-- version adds rows with a higher version and never changes a code's meaning.
create table chart_accounts (
    code text primary key check (code ~ '^[1-7][0-9]{2,5}$'),
    class smallint not null generated always as (substr(code, 1, 1)::smallint) stored,
    -- asset and expense balances are debit; equity, liability and income are credit.
    kind text not null check (kind in ('equity', 'liability', 'asset', 'expense', 'income')),
    label_fr text not null,
    label_nl text not null,
    label_de text not null,
    label_en text not null,
    version int not null default 1
);

insert into chart_accounts (code, kind, label_fr, label_nl, label_de, label_en) values
('100', 'equity', 'Fonds de roulement', 'Werkkapitaal', 'Betriebskapital', 'Working capital'),
('101', 'equity', 'Fonds de réserve', 'Reservekapitaal', 'Rücklagenfonds', 'Reserve fund'),
('140', 'equity', 'Résultat reporté', 'Overgedragen resultaat', 'Ergebnisvortrag', 'Result carried forward'),
('160', 'liability', 'Provisions pour gros travaux', 'Voorzieningen voor grote werken', 'Rückstellungen für große Arbeiten', 'Provisions for major works'),
('410', 'asset', 'Copropriétaires', 'Mede-eigenaars', 'Miteigentümer', 'Co-owners'),
('411', 'asset', 'TVA à récupérer', 'Terug te vorderen btw', 'Erstattungsfähige MwSt.', 'VAT recoverable'),
('416', 'asset', 'Créances diverses', 'Diverse vorderingen', 'Sonstige Forderungen', 'Other receivables'),
('440', 'liability', 'Fournisseurs', 'Leveranciers', 'Lieferanten', 'Suppliers'),
('451', 'liability', 'TVA à payer', 'Te betalen btw', 'Zu zahlende MwSt.', 'VAT payable'),
('490', 'asset', 'Charges à reporter', 'Over te dragen kosten', 'Vorauszahlungen', 'Deferred charges'),
('492', 'liability', 'Charges à imputer', 'Toe te rekenen kosten', 'Zu verrechnende Aufwendungen', 'Accrued charges'),
('499', 'asset', 'Compte d''attente', 'Wachtrekening', 'Durchgangskonto', 'Suspense account'),
('550', 'asset', 'Banque — compte courant', 'Bank — zichtrekening', 'Bank — Girokonto', 'Bank — current account'),
('551', 'asset', 'Banque — compte du fonds de réserve', 'Bank — rekening reservekapitaal', 'Bank — Rücklagenkonto', 'Bank — reserve fund account'),
('570', 'asset', 'Caisse', 'Kas', 'Kasse', 'Cash'),
('600', 'expense', 'Combustibles et chauffage', 'Brandstof en verwarming', 'Brennstoffe und Heizung', 'Fuel and heating'),
('601', 'expense', 'Électricité des communs', 'Elektriciteit gemene delen', 'Strom Gemeinschaftsteile', 'Electricity of common parts'),
('602', 'expense', 'Eau', 'Water', 'Wasser', 'Water'),
('610', 'expense', 'Entretien et réparations', 'Onderhoud en herstellingen', 'Wartung und Reparaturen', 'Maintenance and repairs'),
('611', 'expense', 'Nettoyage', 'Schoonmaak', 'Reinigung', 'Cleaning'),
('612', 'expense', 'Ascenseur', 'Lift', 'Aufzug', 'Lift'),
('613', 'expense', 'Assurances', 'Verzekeringen', 'Versicherungen', 'Insurance'),
('614', 'expense', 'Honoraires du syndic', 'Erelonen syndicus', 'Honorar des Verwalters', 'Syndic''s fees'),
('615', 'expense', 'Frais d''administration', 'Administratiekosten', 'Verwaltungskosten', 'Administration costs'),
('616', 'expense', 'Honoraires d''experts et d''avocats', 'Erelonen experts en advocaten', 'Honorare für Sachverständige und Anwälte', 'Experts'' and lawyers'' fees'),
('617', 'expense', 'Jardins et abords', 'Tuinen en omgeving', 'Gärten und Außenanlagen', 'Gardens and grounds'),
('618', 'expense', 'Travaux décidés par l''assemblée', 'Werken beslist door de algemene vergadering', 'Von der Versammlung beschlossene Arbeiten', 'Works decided by the assembly'),
('620', 'expense', 'Rémunération du concierge', 'Bezoldiging conciërge', 'Vergütung des Hausmeisters', 'Caretaker''s pay'),
('621', 'expense', 'Charges sociales', 'Sociale lasten', 'Sozialabgaben', 'Social charges'),
('640', 'expense', 'Taxes et impôts', 'Belastingen en taksen', 'Steuern und Abgaben', 'Taxes'),
('641', 'expense', 'Autres charges d''exploitation', 'Andere bedrijfskosten', 'Sonstige betriebliche Aufwendungen', 'Other operating charges'),
('650', 'expense', 'Charges financières', 'Financiële kosten', 'Finanzaufwendungen', 'Financial charges'),
('700', 'income', 'Appels de fonds — charges courantes', 'Provisieopvragingen — gewone lasten', 'Vorschussanforderungen — laufende Kosten', 'Calls for funds — running charges'),
('701', 'income', 'Appels de fonds — travaux', 'Provisieopvragingen — werken', 'Vorschussanforderungen — Arbeiten', 'Calls for funds — works'),
('740', 'income', 'Produits divers', 'Diverse opbrengsten', 'Sonstige Erträge', 'Other income'),
('750', 'income', 'Produits financiers', 'Financiële opbrengsten', 'Finanzerträge', 'Financial income'),
('751', 'income', 'Intérêts de retard', 'Verwijlintresten', 'Verzugszinsen', 'Late-payment interest');

-- Invoices above this amount (VAT included) need a board member's approval as well as the syndic's.
alter table buildings add column board_approval_threshold numeric(12, 2) check (board_approval_threshold >= 0);

-- A financial year of a building; once closed it takes no more entries.
create table financial_years (
    id bigint generated always as identity primary key,
    organisation_id bigint not null,
    building_id bigint not null,
    starts_on date not null,
    ends_on date not null,
    closed_at timestamptz,
    closed_by bigint references users,
    check (ends_on > starts_on and ends_on < (starts_on + interval '2 years')::date),
    foreign key (building_id, organisation_id) references buildings (id, organisation_id),
    constraint financial_years_no_overlap exclude using gist (building_id with =, daterange(starts_on, ends_on, '[]') with &&),
    unique (id, organisation_id)
);

-- The yearly plan of provisions: what the assembly voted for running charges and for the reserve fund.
create table provision_plans (
    organisation_id bigint not null,
    building_id bigint not null,
    year int not null check (year between 2000 and 2200),
    working_capital numeric(12, 2) not null check (working_capital >= 0),
    reserve numeric(12, 2) not null check (reserve >= 0),
    frequency text not null check (frequency in ('monthly', 'quarterly')),
    -- the assembly waived the 5% minimum for this year (art. 3.86 §3, four-fifths majority)
    reserve_waived boolean not null default false,
    primary key (building_id, year),
    foreign key (building_id, organisation_id) references buildings (id, organisation_id)
);

create table suppliers (
    id bigint generated always as identity primary key,
    organisation_id bigint not null references organisations,
    name text not null check (length(name) between 1 and 200),
    company_number text check (company_number ~ '^[01][0-9]{9}$'),
    iban text check (iban ~ '^[A-Z]{2}[0-9]{2}[A-Z0-9]{11,30}$'),
    email text check (length(email) <= 254),
    default_account text references chart_accounts check (default_account ~ '^6'),
    created_at timestamptz not null default now(),
    constraint suppliers_company_number_unique unique (organisation_id, company_number),
    unique (id, organisation_id)
);

-- Specific distribution keys (the general key is the lots' quotas and is not stored): a subset of lots with weights.
create table distribution_keys (
    id bigint generated always as identity primary key,
    organisation_id bigint not null,
    building_id bigint not null,
    name text not null check (length(name) between 1 and 100),
    foreign key (building_id, organisation_id) references buildings (id, organisation_id),
    constraint distribution_keys_name_unique unique (building_id, name),
    unique (id, organisation_id)
);

create table distribution_key_lots (
    key_id bigint not null references distribution_keys on delete cascade,
    lot_id bigint not null references lots on delete cascade,
    weight numeric(14, 4) not null check (weight > 0),
    primary key (key_id, lot_id)
);

create table journal_entries (
    id bigint generated always as identity primary key,
    organisation_id bigint not null,
    building_id bigint not null,
    year_id bigint not null references financial_years,
    journal text not null check (journal in ('purchases', 'sales', 'financial', 'misc')),
    entry_date date not null,
    description text not null check (length(description) between 1 and 300),
    -- posted by an invoice, a call, a payment: never edited, only reversed
    automatic boolean not null default false,
    reverses_id bigint unique references journal_entries,
    created_by bigint references users,
    created_at timestamptz not null default now(),
    foreign key (building_id, organisation_id) references buildings (id, organisation_id),
    unique (id, organisation_id)
);
create index journal_entries_building_date on journal_entries (building_id, entry_date);

create table journal_lines (
    id bigint generated always as identity primary key,
    entry_id bigint not null references journal_entries on delete cascade,
    account_code text not null references chart_accounts,
    debit numeric(12, 2) not null default 0 check (debit >= 0),
    credit numeric(12, 2) not null default 0 check (credit >= 0),
    owner_id bigint references owners,
    supplier_id bigint references suppliers,
    description text check (length(description) <= 300),
    constraint journal_lines_one_side check ((debit > 0) <> (credit > 0))
);
create index journal_lines_entry on journal_lines (entry_id);
create index journal_lines_owner on journal_lines (owner_id) where owner_id is not null;

-- An entry goes into the open financial year of its date; nothing is written into, changed in or removed from a closed
-- year; automatic entries are never changed or removed (a counter-entry reverses them).
create function journal_entries_guard() returns trigger language plpgsql as $$
declare
    year_closed timestamptz;
    year bigint;
begin
    if tg_op = 'INSERT' then
        select id, closed_at into year, year_closed from financial_years
        where building_id = new.building_id and new.entry_date between starts_on and ends_on;
        if year is null then
            raise exception using errcode = '23514', constraint = 'journal_entries_in_a_year',
                message = format('no financial year of building %s covers %s', new.building_id, new.entry_date);
        end if;
        new.year_id := year;
    else
        select closed_at into year_closed from financial_years where id = old.year_id;
        if old.automatic then
            raise exception using errcode = '23514', constraint = 'journal_entries_automatic_fixed',
                message = format('entry %s was posted automatically: reverse it instead', old.id);
        end if;
    end if;
    if year_closed is not null then
        raise exception using errcode = '23514', constraint = 'journal_entries_year_open',
            message = format('the financial year of %s is closed', coalesce(new.entry_date, old.entry_date));
    end if;
    return coalesce(new, old);
end $$;

create trigger journal_entries_guard before insert or update or delete on journal_entries
    for each row execute function journal_entries_guard();

-- Lines are written with their entry, in the same transaction, and never touched afterwards except by removing a
-- manual entry of an open year.
create function journal_lines_guard() returns trigger language plpgsql as $$
declare
    e journal_entries;
begin
    select * into e from journal_entries where id = coalesce(new.entry_id, old.entry_id);
    if e.id is null then return coalesce(new, old); end if; -- the entry itself is being removed
    if tg_op <> 'INSERT' or e.created_at <> now() then
        raise exception using errcode = '23514', constraint = 'journal_lines_written_once',
            message = format('the lines of entry %s cannot change', e.id);
    end if;
    return coalesce(new, old);
end $$;

create trigger journal_lines_guard before insert or update or delete on journal_lines
    for each row execute function journal_lines_guard();

-- Debit equals credit, at the end of the transaction that writes the entry.
create function journal_entries_balanced() returns trigger language plpgsql as $$
declare
    entry bigint;
    debits numeric;
    credits numeric;
    lines int;
begin
    if tg_table_name = 'journal_entries' then entry := new.id;
    elsif tg_op = 'DELETE' then entry := old.entry_id;
    else entry := new.entry_id;
    end if;
    if not exists (select 1 from journal_entries where id = entry) then return null; end if;
    select coalesce(sum(debit), 0), coalesce(sum(credit), 0), count(*) into debits, credits, lines
    from journal_lines where entry_id = entry;
    if lines < 2 or debits <> credits then
        raise exception using errcode = '23514', constraint = 'journal_entries_balanced',
            message = format('entry %s is not balanced: debit %s, credit %s, %s lines', entry, debits, credits, lines);
    end if;
    return null;
end $$;

create constraint trigger journal_lines_balanced after insert or update or delete on journal_lines
    deferrable initially deferred for each row execute function journal_entries_balanced();
create constraint trigger journal_entries_balanced after insert on journal_entries
    deferrable initially deferred for each row execute function journal_entries_balanced();

-- A closed year stays closed.
create function financial_years_stay_closed() returns trigger language plpgsql as $$
begin
    if old.closed_at is not null then
        raise exception using errcode = '23514', constraint = 'financial_years_stay_closed',
            message = format('financial year %s is closed', old.id);
    end if;
    return coalesce(new, old);
end $$;

create trigger financial_years_stay_closed before update or delete on financial_years
    for each row execute function financial_years_stay_closed();

-- Purchase invoices: the accountant enters, the syndic (and the board above the building's threshold) approves.
create table invoices (
    id bigint generated always as identity primary key,
    organisation_id bigint not null,
    building_id bigint not null,
    supplier_id bigint not null,
    supplier_reference text not null check (length(supplier_reference) between 1 and 50),
    invoice_date date not null,
    due_date date not null check (due_date >= invoice_date),
    description text not null default '' check (length(description) <= 500),
    status text not null default 'draft' check (status in ('draft', 'submitted', 'approved', 'paid')),
    rejection_reason text check (length(rejection_reason) <= 500),
    document_id bigint references documents on delete set null,
    submitted_at timestamptz,
    syndic_approved_by bigint references users,
    board_approved_by bigint references users,
    approved_at timestamptz,
    entry_id bigint references journal_entries,
    paid_on date,
    payment_entry_id bigint references journal_entries,
    created_by bigint references users,
    created_at timestamptz not null default now(),
    foreign key (building_id, organisation_id) references buildings (id, organisation_id),
    foreign key (supplier_id, organisation_id) references suppliers (id, organisation_id),
    constraint invoices_entered_once unique (supplier_id, supplier_reference),
    check ((status in ('approved', 'paid')) = (entry_id is not null)),
    check ((status = 'paid') = (payment_entry_id is not null and paid_on is not null)),
    unique (id, organisation_id)
);

create table invoice_lines (
    id bigint generated always as identity primary key,
    invoice_id bigint not null references invoices on delete cascade,
    description text not null default '' check (length(description) <= 200),
    account_code text not null references chart_accounts check (account_code ~ '^6'),
    amount_excl_vat numeric(12, 2) not null check (amount_excl_vat > 0),
    vat_rate numeric(4, 2) not null check (vat_rate in (0, 6, 12, 21)),
    vat numeric(12, 2) not null check (vat >= 0),
    -- null: the general key (the lots' quotas)
    key_id bigint references distribution_keys
);
create index invoice_lines_invoice on invoice_lines (invoice_id);

-- What each owner bears of an approved expense: split by the key over lots, then by ownership shares.
create table charges (
    id bigint generated always as identity primary key,
    organisation_id bigint not null,
    building_id bigint not null,
    invoice_id bigint not null references invoices,
    lot_id bigint not null references lots,
    owner_id bigint not null references owners,
    account_code text not null references chart_accounts,
    charged_on date not null,
    amount numeric(12, 2) not null
);
create index charges_owner on charges (owner_id, charged_on);
create index charges_invoice on charges (invoice_id);

create sequence structured_communication_seq minvalue 1 maxvalue 9999999999 start 100000001;

create table fund_calls (
    id bigint generated always as identity primary key,
    organisation_id bigint not null,
    building_id bigint not null,
    kind text not null check (kind in ('working_capital', 'reserve', 'extraordinary')),
    title text not null check (length(title) between 1 and 200),
    issued_on date not null,
    due_date date not null check (due_date >= issued_on),
    total numeric(12, 2) not null check (total > 0),
    key_id bigint references distribution_keys,
    entry_id bigint not null references journal_entries,
    created_by bigint references users,
    created_at timestamptz not null default now(),
    foreign key (building_id, organisation_id) references buildings (id, organisation_id),
    unique (id, organisation_id)
);

-- One amount per owner, with its own structured communication so that the bank line finds it.
create table fund_call_items (
    id bigint generated always as identity primary key,
    call_id bigint not null references fund_calls on delete cascade,
    owner_id bigint not null references owners,
    amount numeric(12, 2) not null check (amount > 0),
    communication text not null unique check (communication ~ '^[0-9]{12}$'),
    letter_sent_at timestamptz,
    -- no e-mail address: the syndic sends it by post
    by_post boolean not null default false,
    unique (call_id, owner_id)
);

create table fund_call_lots (
    item_id bigint not null references fund_call_items on delete cascade,
    lot_id bigint not null references lots,
    amount numeric(12, 2) not null check (amount >= 0),
    primary key (item_id, lot_id)
);

create table bank_imports (
    id bigint generated always as identity primary key,
    organisation_id bigint not null,
    building_id bigint not null,
    file_name text not null check (length(file_name) between 1 and 200),
    sha256 text not null check (sha256 ~ '^[0-9a-f]{64}$'),
    account text not null,
    statement_date date not null,
    lines int not null,
    imported_by bigint references users,
    imported_at timestamptz not null default now(),
    foreign key (building_id, organisation_id) references buildings (id, organisation_id),
    constraint bank_imports_once unique (building_id, sha256)
);

create table bank_lines (
    id bigint generated always as identity primary key,
    organisation_id bigint not null,
    building_id bigint not null,
    import_id bigint not null references bank_imports on delete cascade,
    account text not null,
    statement_number int not null,
    sequence int not null,
    value_date date not null,
    amount numeric(12, 2) not null check (amount <> 0),
    counterparty_name text not null default '',
    counterparty_account text not null default '',
    communication text not null default '',
    status text not null default 'unmatched' check (status in ('matched', 'unmatched', 'ignored')),
    -- the same movement in two files (overlapping statements) is recorded once
    constraint bank_lines_once unique (building_id, account, statement_number, sequence),
    unique (id, organisation_id)
);

create table payments (
    id bigint generated always as identity primary key,
    organisation_id bigint not null,
    building_id bigint not null,
    owner_id bigint not null references owners,
    item_id bigint references fund_call_items,
    amount numeric(12, 2) not null check (amount > 0),
    paid_on date not null,
    bank_line_id bigint unique references bank_lines,
    entry_id bigint not null references journal_entries,
    created_by bigint references users,
    created_at timestamptz not null default now(),
    foreign key (building_id, organisation_id) references buildings (id, organisation_id)
);
create index payments_owner on payments (owner_id, paid_on);
create index payments_item on payments (item_id);

-- Files sent with a queued mail (a call for funds, an invitation as ICS).
create table outbox_attachments (
    id bigint generated always as identity primary key,
    message_id bigint not null references outbox_messages on delete cascade,
    file_name text not null check (length(file_name) between 1 and 200),
    content_type text not null,
    content bytea not null
);
create index outbox_attachments_message on outbox_attachments (message_id);
