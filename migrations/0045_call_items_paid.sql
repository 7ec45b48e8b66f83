-- What each call item has received is kept on the item (issue 20 §8): the bank page, the arrears and the owner's account
-- listed the open items by summing the building's payments per item at each view, a cost that grew with the history.

alter table fund_call_items add column paid numeric(12, 2) not null default 0;
update fund_call_items i set paid = p.total
from (select item_id, sum(amount) as total from payments where item_id is not null group by item_id) p
where p.item_id = i.id;

-- Payments are only ever inserted (a mistaken one is reversed by an entry, not removed): each adds to its item, and
-- the payment that settles the item closes its reminders ("paid"; a partial one leaves them going on what is left).
-- This replaces 0032's payments_close_recovery, which summed the item's payments again to know.
drop trigger payments_close_recovery on payments;
drop function payments_close_recovery();

create function payments_add_to_item() returns trigger language plpgsql as $$
declare
    settled boolean;
begin
    update fund_call_items set paid = paid + new.amount where id = new.item_id returning paid >= amount into settled;
    if settled then
        update recovery_steps set state = 'paid' where item_id = new.item_id and state = 'sent';
    end if;
    return null;
end $$;

create trigger payments_add_to_item after insert on payments
    for each row when (new.item_id is not null) execute function payments_add_to_item();

-- the open items of a call: what the bank page offers, what the arrears follow
create index fund_call_items_open on fund_call_items (call_id) where paid < amount;
