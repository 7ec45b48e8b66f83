using KoproGo.Domain;
using KoproGo.Domain.Accounting;
using KoproGo.Web.Infrastructure;
using KoproGo.Web.Pages.Accounting;
using KoproGo.Web.Pages.Invoices;

namespace KoproGo.Web.Pages.Calls;

/// <summary>
/// Issuing a call for funds: split over the owners by its key on the day of the call, one item per owner with its own
/// structured communication, and the sales entry (D 410 each owner / C the account of the kind).
/// </summary>
public static class FundCalls
{
    /// <summary>Where each kind of call is credited: running charges and works are income; the reserve is a fund (class 1).</summary>
    public static string CreditAccount(CallKind kind) => kind switch
    {
        CallKind.Reserve => "101",
        CallKind.Extraordinary => "701",
        _ => "700",
    };

    /// <summary>The new call, or (null, the lots without owner that day) and nothing written.</summary>
    public static Task<(long? CallId, IReadOnlyList<string> Orphans)> Issue(Db db, long? userId, long buildingId, CallKind kind, string title,
        DateOnly issued, DateOnly due, decimal total, long? keyId) =>
        Issue(db, userId, buildingId, kind, title, issued, due, [(total, keyId)]);

    /// <summary>A call made of amounts split each by its own key (a budget's lines), as one call per owner.</summary>
    public static async Task<(long? CallId, IReadOnlyList<string> Orphans)> Issue(Db db, long? userId, long buildingId, CallKind kind, string title,
        DateOnly issued, DateOnly due, IReadOnlyList<(decimal Amount, long? KeyId)> amounts, (long Id, int Period)? budget = null)
    {
        var total = amounts.Sum(a => a.Amount);
        var keyId = amounts.Select(a => a.KeyId).Distinct().Count() == 1 ? amounts[0].KeyId : null;
        var (parts, orphans) = await ExpenseSplit.Compute(db, buildingId, issued, amounts.Select(a => (a.Amount, CreditAccount(kind), a.KeyId)));
        if (orphans.Count > 0) return (null, orphans);
        var perOwner = parts.GroupBy(p => p.OwnerId).Where(g => g.Sum(p => p.Amount) > 0).ToList();
        var entryId = await Ledger.Post(db, userId, buildingId, Journal.Sales, issued, title, automatic: true,
            perOwner.Select(g => new PostingLine("410", g.Sum(p => p.Amount), 0m, OwnerId: g.Key))
                .Append(new PostingLine(CreditAccount(kind), 0m, total)).ToList());
        var callId = await db.Scalar<long>("""
            insert into fund_calls (organisation_id, building_id, kind, title, issued_on, due_date, total, key_id, entry_id, created_by, budget_id, budget_period)
            select organisation_id, id, @kind, @title, @issued, @due, @total, @keyId, @entryId, @userId, @budgetId, @period from buildings where id = @buildingId returning id
            """, new { buildingId, kind = kind.ToCode(), title, issued, due, total, keyId, entryId, userId, budgetId = budget?.Id, period = budget?.Period });
        var bases = await db.Query<long>("select nextval('structured_communication_seq') from generate_series(1, @count)", new { count = perOwner.Count });
        var items = (await db.Query<(long Id, long OwnerId)>("""
            insert into fund_call_items (call_id, owner_id, amount, communication)
            select @callId, unnest(@owners), unnest(@amounts), unnest(@digits) returning id, owner_id
            """, new
        {
            callId, owners = perOwner.Select(g => g.Key).ToArray(), amounts = perOwner.Select(g => g.Sum(p => p.Amount)).ToArray(),
            digits = bases.Select(b => new StructuredCommunication(b).Digits).ToArray(),
        })).ToDictionary(i => i.OwnerId, i => i.Id);
        var lots = perOwner.SelectMany(g => g.GroupBy(p => p.LotId).Select(l => (Item: items[g.Key], Lot: l.Key, Amount: l.Sum(p => p.Amount)))).ToList();
        await db.Execute("insert into fund_call_lots (item_id, lot_id, amount) select unnest(@items), unnest(@lots), unnest(@amounts)",
            new { items = lots.Select(x => x.Item).ToArray(), lots = lots.Select(x => x.Lot).ToArray(), amounts = lots.Select(x => x.Amount).ToArray() });
        return (callId, Array.Empty<string>());
    }
}
