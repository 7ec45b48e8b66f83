-- The yearly budget voted by the assembly (art. 3.89 §5 18°): lines per expense account and distribution key, an
-- ordinary part (running charges) and an extraordinary one (works). The rules are KoproGo.Domain.Accounting.BudgetRules;
-- the triggers below hold the same ones for any writer.

alter table provision_plans drop constraint provision_plans_frequency_check;
alter table provision_plans add constraint provision_plans_frequency_check check (frequency in ('monthly', 'quarterly', 'half_yearly'));

-- How far a budget line may be overspent before the syndic and the board are alerted, in percent.
alter table buildings add column budget_tolerance numeric(5, 2) not null default 10 check (budget_tolerance between 0 and 1000);

create table budgets (
    id bigint generated always as identity primary key,
    organisation_id bigint not null,
    building_id bigint not null,
    year int not null check (year between 2000 and 2200),
    state text not null default 'draft' check (state in ('draft', 'submitted', 'approved', 'rejected', 'archived')),
    frequency text not null default 'quarterly' check (frequency in ('monthly', 'quarterly', 'half_yearly')),
    -- the agenda item that carries it, and what the vote decided
    agenda_item_id bigint references agenda_items on delete set null,
    assembly_id bigint,
    decided_on date,
    created_by bigint references users on delete set null,
    created_at timestamptz not null default now(),
    foreign key (building_id, organisation_id) references buildings (id, organisation_id),
    foreign key (assembly_id, organisation_id) references assemblies (id, organisation_id),
    constraint budgets_one_per_year unique (building_id, year),
    unique (id, organisation_id),
    check ((state in ('approved', 'rejected', 'archived')) = (decided_on is not null))
);

create table budget_lines (
    id bigint generated always as identity primary key,
    budget_id bigint not null references budgets on delete cascade,
    kind text not null check (kind in ('ordinary', 'extraordinary')),
    account_code text not null references chart_accounts check (account_code ~ '^6'),
    -- null: the general key (the lots' quotas)
    key_id bigint references distribution_keys,
    amount numeric(12, 2) not null check (amount > 0 and amount <= 100000000),
    constraint budget_lines_once unique nulls not distinct (budget_id, kind, account_code, key_id)
);
create index budget_lines_budget on budget_lines (budget_id);

-- An alert sent once per budget line (account) and tolerance crossed.
create table budget_alerts (
    budget_id bigint not null references budgets on delete cascade,
    account_code text not null references chart_accounts,
    tolerance numeric(5, 2) not null,
    sent_at timestamptz not null default now(),
    primary key (budget_id, account_code, tolerance)
);

create function budgets_state_transition() returns trigger language plpgsql as $$
begin
    if new.state is distinct from old.state and not ((old.state, new.state) in (
        ('draft', 'submitted'), ('submitted', 'approved'), ('submitted', 'rejected'), ('submitted', 'draft'),
        ('rejected', 'draft'), ('rejected', 'submitted'), ('approved', 'archived'))) then
        raise exception using errcode = '23514', constraint = 'budgets_state_transition',
            message = format('budget %s cannot go from %s to %s', old.id, old.state, new.state);
    end if;
    if new.frequency is distinct from old.frequency and old.state not in ('draft', 'rejected') then
        raise exception using errcode = '23514', constraint = 'budgets_edited_in_draft',
            message = format('budget %s is %s: it cannot change', old.id, old.state);
    end if;
    return new;
end $$;

create trigger budgets_state_transition before update on budgets
    for each row execute function budgets_state_transition();

-- Lines change only while the budget is a draft or rejected (BudgetRules.MayEdit).
create function budget_lines_in_draft() returns trigger language plpgsql as $$
declare
    budget_state text;
begin
    select state into budget_state from budgets where id = coalesce(new.budget_id, old.budget_id);
    if budget_state is not null and budget_state not in ('draft', 'rejected') then
        raise exception using errcode = '23514', constraint = 'budgets_edited_in_draft',
            message = format('budget %s is %s: its lines cannot change', coalesce(new.budget_id, old.budget_id), budget_state);
    end if;
    return coalesce(new, old);
end $$;

create trigger budget_lines_in_draft before insert or update or delete on budget_lines
    for each row execute function budget_lines_in_draft();

-- An agenda item taken off a draft agenda gives its budget back to the syndic.
create function agenda_items_release_budget() returns trigger language plpgsql as $$
begin
    update budgets set state = 'draft', agenda_item_id = null where agenda_item_id = old.id and state = 'submitted';
    return old;
end $$;

create trigger agenda_items_release_budget before delete on agenda_items
    for each row execute function agenda_items_release_budget();

-- The calls for funds issued from an approved budget: one per part (ordinary, extraordinary) and period, once.
alter table fund_calls
    add column budget_id bigint references budgets,
    add column budget_period smallint check (budget_period between 1 and 12),
    add constraint fund_calls_budget_period_once unique (budget_id, kind, budget_period),
    add check ((budget_id is null) = (budget_period is null));
