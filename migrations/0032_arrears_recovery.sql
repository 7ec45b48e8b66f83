-- Recovering unpaid calls for funds: reminders by steps (friendly, firm, formal notice, law), late interest, fees,
-- pauses agreed with an owner. The rules are KoproGo.Domain.Accounting.PaymentReminders and LateInterest; the
-- triggers below hold the same rules for any writer.

-- The Belgian legal interest rate of each year (loi du 5 mai 1865), added by the platform's administrators each
-- January without a code change.
create table legal_interest_rates (
    year int primary key check (year between 2000 and 2200),
    rate numeric(6, 4) not null check (rate >= 0 and rate < 1),
    -- who entered it (a name, not a reference: the rates outlive any account)
    entered_by text,
    entered_at timestamptz not null default now()
);
insert into legal_interest_rates (year, rate) values (2024, 0.0525), (2025, 0.0400), (2026, 0.0450);

-- A building's regulation may set its own late interest rate, and recovery fees per step (the first reminder is free).
alter table buildings
    add column late_interest_rate numeric(6, 4) check (late_interest_rate >= 0 and late_interest_rate < 1),
    add column recovery_fee_firm numeric(8, 2) not null default 0 check (recovery_fee_firm between 0 and 10000),
    add column recovery_fee_formal numeric(8, 2) not null default 0 check (recovery_fee_formal between 0 and 10000);

-- What was sent to an owner at one step, for one or more of their unpaid calls: the figures as they were that day, so
-- the letter reads the same when printed again. prepared_at: the PDF is made and the mail queued (or listed for the post).
create table recovery_letters (
    id bigint generated always as identity primary key,
    organisation_id bigint not null,
    building_id bigint not null,
    owner_id bigint not null references owners,
    step text not null check (step in ('friendly', 'firm', 'formal_notice', 'legal')),
    channel text not null check (channel in ('email', 'post', 'registered', 'legal')),
    sent_on date not null,
    owed numeric(12, 2) not null check (owed > 0),
    interest numeric(12, 2) not null default 0 check (interest >= 0),
    interest_rate numeric(6, 4),
    fee numeric(12, 2) not null default 0 check (fee >= 0),
    prepared_at timestamptz,
    -- the registered letter's number, filled in by the syndic once posted
    tracking_number text check (length(tracking_number) between 1 and 40),
    -- the interest and fee charged to the owner's account (410 / 751, 740), when the syndic decides
    charged_entry_id bigint unique references journal_entries,
    note text check (length(note) <= 500),
    created_by bigint references users on delete set null,
    created_at timestamptz not null default now(),
    foreign key (building_id, organisation_id) references buildings (id, organisation_id),
    unique (id, organisation_id)
);
create index recovery_letters_building on recovery_letters (building_id, sent_on desc);
create index recovery_letters_owner on recovery_letters (owner_id, sent_on desc);
create index recovery_letters_unprepared on recovery_letters (id) where prepared_at is null;

-- Each call a letter is about, at that letter's step.
create table recovery_steps (
    item_id bigint not null references fund_call_items,
    letter_id bigint not null references recovery_letters on delete cascade,
    step text not null check (step in ('friendly', 'firm', 'formal_notice', 'legal')),
    sent_on date not null,
    owed numeric(12, 2) not null check (owed > 0),
    interest numeric(12, 2) not null default 0 check (interest >= 0),
    state text not null default 'sent' check (state in ('sent', 'paid', 'cancelled')),
    closed_at timestamptz,
    cancel_reason text check (length(cancel_reason) between 1 and 300),
    primary key (item_id, letter_id),
    check ((state = 'cancelled') = (cancel_reason is not null))
);
-- a step is sent once for a call (a cancelled one may be sent again later)
create unique index recovery_steps_once on recovery_steps (item_id, step) where state <> 'cancelled';
create index recovery_steps_letter on recovery_steps (letter_id);

create function recovery_step_rank(step text) returns int language sql immutable as $$
    select case step when 'friendly' then 1 when 'firm' then 2 when 'formal_notice' then 3 when 'legal' then 4 end
$$;

-- The order of the steps (PaymentReminders.NextToSend, MayGoToLaw): the next one after the last not cancelled, never
-- before its lateness (15, 30, 60, 75 days after the due date) nor within 15 days of the previous one. Afterwards a
-- step only closes: sent → paid, sent → cancelled (the latest step of its call only).
create function recovery_steps_guard() returns trigger language plpgsql as $$
declare
    last_rank int;
    last_on date;
    due date;
    days_late int;
begin
    if tg_op = 'INSERT' then
        select recovery_step_rank(s.step), s.sent_on into last_rank, last_on from recovery_steps s
        where s.item_id = new.item_id and s.state <> 'cancelled' order by recovery_step_rank(s.step) desc limit 1;
        select c.due_date into due from fund_call_items i join fund_calls c on c.id = i.call_id where i.id = new.item_id;
        if recovery_step_rank(new.step) <> coalesce(last_rank, 0) + 1 then
            raise exception using errcode = '23514', constraint = 'recovery_steps_in_order',
                message = format('call item %s: step %s does not follow step %s', new.item_id, new.step, coalesce(last_rank, 0));
        end if;
        days_late := (array[15, 30, 60, 75])[recovery_step_rank(new.step)];
        if new.sent_on < due + days_late or new.sent_on < last_on + 15 then
            raise exception using errcode = '23514', constraint = 'recovery_steps_in_time',
                message = format('call item %s: step %s is too early on %s', new.item_id, new.step, new.sent_on);
        end if;
        return new;
    end if;
    if (old.item_id, old.letter_id, old.step, old.sent_on, old.owed, old.interest) is distinct from
       (new.item_id, new.letter_id, new.step, new.sent_on, new.owed, new.interest)
       or not ((old.state, new.state) in (('sent', 'paid'), ('sent', 'cancelled')))
       or (new.state = 'cancelled' and exists (select 1 from recovery_steps s where s.item_id = old.item_id
               and s.state <> 'cancelled' and recovery_step_rank(s.step) > recovery_step_rank(old.step))) then
        raise exception using errcode = '23514', constraint = 'recovery_steps_transition',
            message = format('call item %s: step %s cannot go from %s to %s', old.item_id, old.step, old.state, new.state);
    end if;
    new.closed_at := now();
    return new;
end $$;

create trigger recovery_steps_guard before insert or update on recovery_steps
    for each row execute function recovery_steps_guard();

-- A payment that settles a call closes its reminders ("paid"); a partial one leaves them going on what is left.
create function payments_close_recovery() returns trigger language plpgsql as $$
begin
    if new.item_id is not null and (select i.amount - coalesce((select sum(p.amount) from payments p where p.item_id = i.id), 0)
                                    from fund_call_items i where i.id = new.item_id) <= 0 then
        update recovery_steps set state = 'paid' where item_id = new.item_id and state = 'sent';
    end if;
    return null;
end $$;

create trigger payments_close_recovery after insert on payments
    for each row execute function payments_close_recovery();

-- The syndic pauses an owner's reminders (payment plan, dispute) with a reason, until a date; one pause at a time.
create table recovery_pauses (
    id bigint generated always as identity primary key,
    organisation_id bigint not null,
    building_id bigint not null,
    owner_id bigint not null references owners,
    reason text not null check (length(reason) between 1 and 300),
    starts_on date not null,
    ends_on date not null check (ends_on >= starts_on),
    lifted_at timestamptz,
    created_by bigint references users on delete set null,
    created_at timestamptz not null default now(),
    foreign key (building_id, organisation_id) references buildings (id, organisation_id),
    constraint recovery_pauses_one_at_a_time exclude using gist
        (building_id with =, owner_id with =, daterange(starts_on, ends_on, '[]') with &&) where (lifted_at is null)
);
