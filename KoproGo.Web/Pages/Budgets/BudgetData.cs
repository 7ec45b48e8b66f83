using KoproGo.Domain;
using KoproGo.Domain.Accounting;
using KoproGo.Web.Infrastructure;
using KoproGo.Web.Pages.Accounting;
using KoproGo.Web.Pages.Invoices;

namespace KoproGo.Web.Pages.Budgets;

/// <summary>Where the budgets are read and moved: a budget with its lines, the journal's actuals beside them, the vote's outcome.</summary>
public static class BudgetData
{
    public sealed record Budget(long Id, long BuildingId, int Year, string State, string Frequency, long? AgendaItemId, long? AssemblyId,
        DateOnly? DecidedOn, DateTime? MeetingAt)
    {
        public CallFrequency FrequencyValue => Codes.TryParse<CallFrequency>(Frequency, out var f) ? f : CallFrequency.Quarterly;
        public bool Editable => BudgetRules.MayEdit(State);
        public DateOnly Starts => new(Year, 1, 1);
        public DateOnly Ends => new(Year, 12, 31);
    }

    public sealed record Line(long Id, string Kind, string AccountCode, string AccountLabel, long? KeyId, string? KeyName, decimal Amount);

    /// <summary>A budget the caller may read (staff and the building's board), with the building as the accounting pages see it.</summary>
    public static async Task<(Budget Budget, AccountingBuilding Building)?> Find(Db db, Viewer viewer, long id)
    {
        var budget = await db.QuerySingleOrDefault<Budget>("""
            select b.id, b.building_id, b.year, b.state, b.frequency, b.agenda_item_id, b.assembly_id, b.decided_on, a.meeting_at
            from budgets b left join assemblies a on a.id = b.assembly_id where b.id = @id and b.organisation_id = @OrgId
            """, viewer.Params(new { id }));
        if (budget is null || await AccountingBuilding.Find(db, viewer, budget.BuildingId) is not { } building) return null;
        return (budget, building);
    }

    public static Task<IReadOnlyList<Line>> Lines(Db db, long budgetId, string lang) => db.Query<Line>($"""
        select l.id, l.kind, l.account_code, {Chart.LabelSql("a")} as account_label, l.key_id, k.name as key_name, l.amount
        from budget_lines l join chart_accounts a on a.code = l.account_code left join distribution_keys k on k.id = l.key_id
        where l.budget_id = @budgetId order by l.kind desc, l.account_code, k.name nulls first
        """, new { budgetId, lang });

    /// <summary>What the journal says was spent on each expense account of the building between two dates (debit less credit).</summary>
    public static async Task<IReadOnlyDictionary<string, decimal>> Spent(Db db, long buildingId, DateOnly from, DateOnly to) =>
        (await db.Query<(string Account, decimal Amount)>("""
            select l.account_code, sum(l.debit - l.credit) from journal_lines l join journal_entries e on e.id = l.entry_id
            where e.building_id = @buildingId and e.entry_date between @from and @to and l.account_code like '6%'
            group by l.account_code
            """, new { buildingId, from, to })).ToDictionary(x => x.Account, x => x.Amount);

    /// <summary>What was spent on each expense account in each month (1–12) of a year.</summary>
    public static async Task<IReadOnlyDictionary<string, decimal[]>> SpentByMonth(Db db, long buildingId, int year)
    {
        var rows = await db.Query<(string Account, int Month, decimal Amount)>("""
            select l.account_code, extract(month from e.entry_date)::int, sum(l.debit - l.credit)
            from journal_lines l join journal_entries e on e.id = l.entry_id
            where e.building_id = @buildingId and e.entry_date between make_date(@year, 1, 1) and make_date(@year, 12, 31) and l.account_code like '6%'
            group by 1, 2
            """, new { buildingId, year });
        var byAccount = new Dictionary<string, decimal[]>();
        foreach (var (account, month, amount) in rows)
        {
            if (!byAccount.TryGetValue(account, out var months)) byAccount[account] = months = new decimal[12];
            months[month - 1] = amount;
        }
        return byAccount;
    }

    /// <summary>The yearly amount of each key (null: the general key) in one part of the budget.</summary>
    public static IReadOnlyList<(decimal Amount, long? KeyId)> ByKey(IEnumerable<Line> lines, BudgetKind kind) =>
        lines.Where(l => l.Kind == kind.ToCode()).GroupBy(l => l.KeyId).Select(g => (g.Sum(l => l.Amount), g.Key)).ToList();

    /// <summary>One period's instalment of each key in one part: each key's yearly amount split over the periods to the cent.</summary>
    public static IReadOnlyList<(decimal Amount, long? KeyId)> Instalment(IEnumerable<Line> lines, BudgetKind kind, CallFrequency frequency, int period) =>
        ByKey(lines, kind).Select(k => (BudgetRules.Instalments(k.Amount, frequency)[period - 1], k.KeyId)).Where(k => k.Item1 > 0).ToList();

    private sealed record Voted(long Id, long BuildingId, int Year, string Frequency, long AssemblyId);

    /// <summary>
    /// Called when the vote on an agenda item closes: the budget it carries is approved (the previous year's one archived,
    /// the year's provisions plan set from it) or rejected, with the date and the assembly.
    /// </summary>
    public static async Task AfterVote(Db db, Notifier notifier, Viewer viewer, long agendaItemId, bool adopted)
    {
        var budget = await db.QuerySingleOrDefault<Voted>("""
            select b.id, b.building_id, b.year, b.frequency, i.assembly_id from budgets b join agenda_items i on i.id = b.agenda_item_id
            where b.agenda_item_id = @agendaItemId and b.state = 'submitted' for update of b
            """, new { agendaItemId });
        if (budget is not { } b) return;
        var today = BrusselsTime.Today;
        await db.Execute("update budgets set state = @state, decided_on = @today, assembly_id = @AssemblyId where id = @Id",
            new { b.Id, b.AssemblyId, today, state = adopted ? "approved" : "rejected" });
        if (adopted)
        {
            await db.Execute("update budgets set state = 'archived' where building_id = @BuildingId and state = 'approved' and year < @Year", b);
            // the calls page suggests the year's instalments from the plan
            await db.Execute("""
                insert into provision_plans (organisation_id, building_id, year, working_capital, reserve, frequency)
                select organisation_id, building_id, year,
                       coalesce((select sum(amount) from budget_lines where budget_id = @Id and kind = 'ordinary'), 0), 0, frequency
                from budgets where id = @Id
                on conflict (building_id, year) do update set working_capital = excluded.working_capital, frequency = excluded.frequency
                """, b);
        }
        await AuditLog.Record(db, viewer, "budget", b.Id, adopted ? "approved" : "vote_rejected",
            adopted ? AuditLog.Says("Budget {0}: approved by the assembly", b.Year) : AuditLog.Says("Budget {0}: rejected by the assembly", b.Year));
        await notifier.Send(db, (await Syndics.AndBoard(db, b.BuildingId)).Where(u => u != viewer.UserId),
            adopted
                ? new Notifier.News("Budget {0} approved", [b.Year], "The assembly approved the budget: its provisions can be called.", [], $"/budgets/{b.Id}")
                : new Notifier.News("Budget {0} rejected", [b.Year], "The assembly rejected the budget: it can be changed and submitted again.", [], $"/budgets/{b.Id}"));
    }
}
