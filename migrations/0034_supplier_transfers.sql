-- Paying suppliers in one bank file: a SEPA credit transfer (ISO 20022 pain.001.001.03, as Belgian banks take it) of
-- approved invoices, debtor the building's account. An invoice carries the supplier's structured communication when
-- the supplier gave one; once in a file it is "sent to the bank" until the statement's debit marks it paid.

alter table invoices add column payment_reference text check (payment_reference ~ '^[0-9]{12}$');

create table supplier_transfers (
    id bigint generated always as identity primary key,
    organisation_id bigint not null,
    building_id bigint not null,
    -- the file's message identification, unique for the bank
    message_id text not null unique check (length(message_id) between 1 and 35),
    execution_date date not null,
    transactions int not null check (transactions > 0),
    total numeric(14, 2) not null check (total > 0),
    -- the file as given to the bank, kept as it was
    content bytea not null,
    created_by bigint references users on delete set null,
    created_at timestamptz not null default now(),
    foreign key (building_id, organisation_id) references buildings (id, organisation_id)
);

alter table invoices add column transfer_id bigint references supplier_transfers;
-- an invoice goes into one file only, and only once approved
create function invoices_transfer_once() returns trigger language plpgsql as $$
begin
    if old.transfer_id is not null and new.transfer_id is distinct from old.transfer_id then
        raise exception using errcode = '23514', constraint = 'invoices_transfer_once',
            message = format('invoice %s is already in transfer file %s', old.id, old.transfer_id);
    end if;
    if new.transfer_id is not null and old.transfer_id is null and old.status <> 'approved' then
        raise exception using errcode = '23514', constraint = 'invoices_transfer_once',
            message = format('invoice %s is %s: only an approved invoice is paid by transfer', old.id, old.status);
    end if;
    return new;
end $$;

create trigger invoices_transfer_once before update of transfer_id on invoices
    for each row execute function invoices_transfer_once();
