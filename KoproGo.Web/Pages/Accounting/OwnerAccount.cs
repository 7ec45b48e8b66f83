using KoproGo.Domain.Accounting;
using KoproGo.Web.Infrastructure;

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
    /// <summary>Provisions for running charges called in the year, and the running charges of the year.</summary>
    public decimal ProvisionsCalled { get; private init; }
    public decimal Charges { get; private init; }
    /// <summary>Positive: the owner pays the difference; negative: it is returned or credited.</summary>
    public decimal Settlement => Provisions.Settlement(ProvisionsCalled, Charges);

    public static async Task<OwnerAccount?> Load(Db db, AccountingBuilding building, AccountingBuilding.Year year, long ownerId)
    {
        var owner = await db.QuerySingleOrDefault<Owner>($"""
            select o.id, {Labels.PersonNameSql("o")} as name, o.language, o.street, o.postcode, o.city from owners o
            where o.id = @ownerId and exists (select 1 from lot_ownerships x join lots l on l.id = x.lot_id where x.owner_id = o.id and l.building_id = @Id)
            """, new { ownerId, building.Id });
        if (owner is null) return null;
        var range = new { ownerId, building.Id, year.StartsOn, year.EndsOn };
        var opening = await db.Scalar<decimal>("""
            select coalesce(sum(l.debit - l.credit), 0) from journal_lines l join journal_entries e on e.id = l.entry_id
            where e.building_id = @Id and l.owner_id = @ownerId and l.account_code = '410' and e.entry_date < @StartsOn
            """, range);
        var movements = await db.Query<Movement>("""
            select e.id as entry_id, e.entry_date as date, e.journal, e.description, l.debit, l.credit
            from journal_lines l join journal_entries e on e.id = l.entry_id
            where e.building_id = @Id and l.owner_id = @ownerId and l.account_code = '410' and e.entry_date between @StartsOn and @EndsOn
            order by e.entry_date, e.id
            """, range);
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
                           where i.owner_id = @ownerId and k.building_id = @Id and k.issued_on between @StartsOn and @EndsOn group by f.lot_id) c on c.lot_id = l.id
                left join (select lot_id, sum(amount) as charged from charges
                           where owner_id = @ownerId and charged_on between @StartsOn and @EndsOn group by lot_id) x on x.lot_id = l.id
                where l.building_id = @Id and (c.called is not null or x.charged is not null)
                order by l.number collate natural_sort
                """, range),
            Open = await db.Query<OpenCall>("""
                select k.title, k.due_date, i.communication, i.amount - coalesce((select sum(p.amount) from payments p where p.item_id = i.id), 0) as due
                from fund_call_items i join fund_calls k on k.id = i.call_id
                where i.owner_id = @ownerId and k.building_id = @Id
                  and i.amount > coalesce((select sum(p.amount) from payments p where p.item_id = i.id), 0)
                order by k.due_date
                """, range),
            ProvisionsCalled = await db.Scalar<decimal>("""
                select coalesce(sum(i.amount), 0) from fund_call_items i join fund_calls k on k.id = i.call_id
                where i.owner_id = @ownerId and k.building_id = @Id and k.kind = 'working_capital' and k.issued_on between @StartsOn and @EndsOn
                """, range),
            Charges = await db.Scalar<decimal>("""
                select coalesce(sum(c.amount), 0) from charges c join lots l on l.id = c.lot_id
                where c.owner_id = @ownerId and l.building_id = @Id and c.charged_on between @StartsOn and @EndsOn
                """, range),
        };
    }
}
