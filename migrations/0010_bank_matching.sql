-- Bank lines wait as 'pending' until the matching job has looked at them: an import stores its lines at once and the
-- page shows how far the matching is. How each payment was recognised stays with it, for the person who checks.
alter table bank_lines drop constraint bank_lines_status_check;
alter table bank_lines add constraint bank_lines_status_check check (status in ('pending', 'matched', 'unmatched', 'ignored'));
alter table bank_lines alter column status set default 'pending';
-- why a line was left to assign (no year open for its date...), shown next to it
alter table bank_lines add column problem text check (length(problem) <= 300);
-- the invoice a debit paid
alter table bank_lines add column invoice_id bigint references invoices;
create index bank_lines_pending on bank_lines (id) where status = 'pending';
create index bank_lines_to_assign on bank_lines (building_id, value_date) where status = 'unmatched';

alter table payments add column matched_by text not null default 'hand'
    check (matched_by in ('hand', 'communication', 'amount_and_name', 'assigned'));
alter table payments add foreign key (bank_line_id, organisation_id) references bank_lines (id, organisation_id);

create index fund_call_items_owner on fund_call_items (owner_id);

-- A payment settles a call item of the same owner in the same building, from a line of that building's account.
create function payments_fit() returns trigger language plpgsql as $$
begin
    if new.item_id is not null and not exists (
        select 1 from fund_call_items i join fund_calls c on c.id = i.call_id
        where i.id = new.item_id and i.owner_id = new.owner_id and c.building_id = new.building_id) then
        raise exception 'payment for another owner''s or building''s call' using errcode = '23514', constraint = 'payments_fit';
    end if;
    if new.bank_line_id is not null and not exists (
        select 1 from bank_lines l where l.id = new.bank_line_id and l.building_id = new.building_id and l.amount = new.amount) then
        raise exception 'payment from another building''s bank line or of another amount' using errcode = '23514', constraint = 'payments_fit';
    end if;
    return new;
end $$;
create trigger payments_fit before insert or update on payments for each row execute function payments_fit();
