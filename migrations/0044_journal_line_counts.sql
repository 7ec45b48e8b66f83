-- The journal is paged by lines, an entry never cut in two (issue 20 §8): each entry keeps how many lines it has, so
-- that numbering a year's pages reads the year's entries only, not every line of the year at each view.

alter table journal_entries add column line_count int not null default 0;

-- what exists, counted once (the guard refuses any change to a closed year's or an automatic entry)
alter table journal_entries disable trigger journal_entries_guard;
update journal_entries e set line_count = (select count(*) from journal_lines l where l.entry_id = e.id);
alter table journal_entries enable trigger journal_entries_guard;

-- Lines are only ever inserted, with their entry and in its transaction (journal_lines_guard): each insert statement
-- adds its lines to their entries' counts.
create function journal_lines_counted() returns trigger language plpgsql as $$
begin
    update journal_entries e set line_count = e.line_count + a.lines
    from (select entry_id, count(*) as lines from added group by entry_id) a
    where e.id = a.entry_id;
    return null;
end $$;

create trigger journal_lines_counted after insert on journal_lines referencing new table as added
    for each statement execute function journal_lines_counted();

-- The guard as before, except that an entry's count may change to follow its lines (and only to their true number).
create or replace function journal_entries_guard() returns trigger language plpgsql as $$
declare
    year_closed timestamptz;
    year bigint;
begin
    if tg_op = 'UPDATE' and (to_jsonb(new) - 'line_count') = (to_jsonb(old) - 'line_count') then
        if new.line_count <> (select count(*) from journal_lines where entry_id = new.id) then
            raise exception using errcode = '23514', constraint = 'journal_entries_line_count',
                message = format('entry %s has not %s lines', new.id, new.line_count);
        end if;
        return new;
    end if;
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
