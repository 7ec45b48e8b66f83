using KoproGo.Domain.Accounting;
using KoproGo.Web.Infrastructure;
using KoproGo.Web.Pages.Bank;

namespace KoproGo.Web.Pages.Accounting;

/// <summary>
/// An owner's statement (décompte) in a building for a financial year: their account 410 from the journal (calls owed,
/// payments made, balance carried), what was called and charged per lot, the calls still open with their reference,
/// and the year-end settlement of running charges. The same record feeds the page, the PDF and the settlement table.
/// </summary>
public sealed class OwnerAccount
{
    public sealed record Owner(long Id, string Name, string Language, string? Street, string? Postcode, string? City);
    public sealed record Movement(long EntryId, DateOnly Date, string Journal, string Description, decimal Debit, decimal Credit)
    {
        public decimal Balance { get; set; }
    }
    public sealed record LotLine(string Lot, decimal Called, decimal Charged);
    /// <summary>A lot's consumption behind a key computed from meter readings, with the readings it comes from.</summary>
    public sealed record Metered(string KeyName, string Kind, DateOnly StartsOn, DateOnly EndsOn, decimal FixedShare, string Lot, decimal Consumption,
        decimal TotalConsumption, string Readings);
    public sealed record OpenCall(string Title, DateOnly DueDate, string Communication, decimal Due)
    {
        public StructuredCommunication Reference => StructuredCommunication.TryParse(Communication, out var c) ? c : default;
    }

    public AccountingBuilding Building { get; private init; } = null!;
    public AccountingBuilding.Year Year { get; private init; } = null!;
    public Owner Person { get; private init; } = null!;
    public decimal Opening { get; private init; }
    public IReadOnlyList<Movement> Movements { get; private init; } = [];
    public decimal Closing => Movements.Count == 0 ? Opening : Movements[^1].Balance;
    public IReadOnlyList<LotLine> Lots { get; private init; } = [];
    public IReadOnlyList<OpenCall> Open { get; private init; } = [];
    public IReadOnlyList<Metered> Consumptions { get; private init; } = [];
    /// <summary>Provisions for running charges called in the year, and the running charges of the year.</summary>
    public decimal ProvisionsCalled { get; private init; }
    public decimal Charges { get; private init; }
    /// <summary>The calls overdue today with the step of their recovery, and the reminders sent (the arrears page's figures).</summary>
    public IReadOnlyList<Arrears.Recovery.OverdueItem> Overdue { get; private init; } = [];
    public IReadOnlyList<Arrears.RecoveryLetter> Reminders { get; private init; } = [];
    public decimal OverdueOfAge(KoproGo.Domain.Accounting.ArrearsAge age) => Overdue.Where(i => i.Age == age).Sum(i => i.Due);
    /// <summary>Positive: the owner pays the difference; negative: it is returned or credited.</summary>
    public decimal Settlement => Provisions.Settlement(ProvisionsCalled, Charges);

    public static async Task<OwnerAccount?> Load(Db db, AccountingBuilding building, AccountingBuilding.Year year, long ownerId)
    {
        var owner = await db.QuerySingleOrDefault<Owner>($"""
            select o.id, {Labels.PersonNameSql("o")} as name, o.language, o.street, o.postcode, o.city from owners o
            where o.id = @ownerId and exists (select 1 from lot_ownerships x join lots l on l.id = x.lot_id where x.owner_id = o.id and l.building_id = @Id)
            """, new { ownerId, building.Id });
        if (owner is null) return null;
        var range = new { ownerId, buildingId = building.Id, year.StartsOn, year.EndsOn };
        var opening = await db.Scalar<decimal>("""
            select coalesce(sum(l.debit - l.credit), 0) from journal_lines l join journal_entries e on e.id = l.entry_id
            where e.building_id = @buildingId and l.owner_id = @ownerId and l.account_code = '410' and e.entry_date < @StartsOn
            """, range);
        var movements = await db.Query<Movement>("""
            select e.id as entry_id, e.entry_date as date, e.journal, e.description, l.debit, l.credit
            from journal_lines l join journal_entries e on e.id = l.entry_id
            where e.building_id = @buildingId and l.owner_id = @ownerId and l.account_code = '410' and e.entry_date between @StartsOn and @EndsOn
            order by e.entry_date, e.id
            """, range);
        var settlement = await db.QuerySingle<Settled>($"select {SettlementSql("@ownerId")}", range);
        var balance = opening;
        foreach (var m in movements) m.Balance = balance += m.Debit - m.Credit;
        return new OwnerAccount
        {
            Building = building, Year = year, Person = owner, Opening = opening, Movements = movements,
            Lots = await db.Query<LotLine>("""
                select l.number as lot, coalesce(c.called, 0) as called, coalesce(x.charged, 0) as charged
                from lots l
                left join (select f.lot_id, sum(f.amount) as called from fund_call_lots f join fund_call_items i on i.id = f.item_id
                           join fund_calls k on k.id = i.call_id
                           where i.owner_id = @ownerId and k.building_id = @buildingId and k.issued_on between @StartsOn and @EndsOn group by f.lot_id) c on c.lot_id = l.id
                left join (select lot_id, sum(amount) as charged from charges
                           where owner_id = @ownerId and charged_on between @StartsOn and @EndsOn group by lot_id) x on x.lot_id = l.id
                where l.building_id = @buildingId and (c.called is not null or x.charged is not null)
                order by l.number collate natural_sort
                """, range),
            Open = await db.Query<OpenCall>($"""
                select k.title, k.due_date, i.communication, {PaymentTargets.DueSql} as due
                from fund_call_items i join fund_calls k on k.id = i.call_id
                where i.owner_id = @ownerId and k.building_id = @buildingId and i.paid < i.amount
                order by k.due_date
                """, range),
            // the keys from meter readings over the year, for the lots the owner held in it
            Consumptions = await db.Query<Metered>("""
                select k.name as key_name, c.kind, c.starts_on, c.ends_on, c.fixed_share, l.number as lot, x.consumption, c.total_consumption, x.readings
                from consumption_keys c join distribution_keys k on k.id = c.key_id
                join consumption_key_lots x on x.key_id = c.key_id join lots l on l.id = x.lot_id
                where k.building_id = @buildingId and c.starts_on <= @EndsOn and c.ends_on >= @StartsOn
                  and exists (select 1 from lot_ownerships o where o.lot_id = x.lot_id and o.owner_id = @ownerId
                              and o.valid_from <= @EndsOn and (o.valid_to is null or o.valid_to > @StartsOn))
                order by c.starts_on, k.name, l.number collate natural_sort
                """, range),
            Overdue = await Arrears.Recovery.Overdue(db, building.Id, BrusselsTime.Today, ownerId),
            Reminders = await Arrears.Recovery.Letters(db, "r.building_id = @Id and r.owner_id = @ownerId", new { building.Id, ownerId }),
            ProvisionsCalled = settlement.ProvisionsCalled,
            Charges = settlement.Charges,
        };
    }

    private sealed record Settled(decimal ProvisionsCalled, decimal Charges);

    /// <summary>
    /// SQL columns provisions_called and charges of the owner <paramref name="owner"/> (a column or a parameter) in the
    /// building @buildingId for the year @StartsOn–@EndsOn: the provisions for running charges called in the year, and
    /// their share of the year's charges. The owner's statement and the building's settlement both read them here.
    /// </summary>
    public static string SettlementSql(string owner) => $"""
        coalesce((select sum(i.amount) from fund_call_items i join fund_calls k on k.id = i.call_id
                  where i.owner_id = {owner} and k.building_id = @buildingId and k.kind = 'working_capital'
                    and k.issued_on between @StartsOn and @EndsOn), 0) as provisions_called,
        coalesce((select sum(c.amount) from charges c
                  where c.owner_id = {owner} and c.building_id = @buildingId and c.charged_on between @StartsOn and @EndsOn), 0) as charges
        """;
}
