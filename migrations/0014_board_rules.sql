-- Rules of the board's follow-up that no page or job may bypass.

-- A decision goes forward only: pending → in progress → done, cancelled while pending or in progress
-- (KoproGo.Domain DecisionFollowUp.CanMove). Overdue is derived from the deadline and never stored.
alter table decisions drop constraint decisions_status_check;
alter table decisions add constraint decisions_status_check check (status in ('pending', 'in_progress', 'done', 'cancelled'));

create function decisions_move_forward() returns trigger language plpgsql as $$
begin
    if new.status <> old.status and (old.status, new.status) not in (
        ('pending', 'in_progress'), ('in_progress', 'done'), ('pending', 'cancelled'), ('in_progress', 'cancelled')) then
        raise exception using errcode = '23514', constraint = 'decisions_status_transition',
            message = format('decision %s cannot go from %s to %s', old.id, old.status, new.status);
    end if;
    return new;
end $$;

create trigger decisions_status_transition before update of status on decisions
    for each row execute function decisions_move_forward();

-- Art. 3.90 §1: a board member is appointed for one year, renewable (KoproGo.Domain BoardMandate). Mandates recorded
-- before this rule stay as the assembly voted them; every new or changed one is checked.
alter table board_members add constraint board_members_one_year
    check (mandate_to <= (mandate_from + interval '1 year')::date) not valid;
