using Dapper;
using KoproGo.Domain.Accounting;
using KoproGo.Web.Infrastructure;
using KoproGo.Web.Pages.Accounting;

namespace KoproGo.Web.Pages.Bank;

/// <summary>
/// What a payment can be recorded against in a building: an open call item (an owner's share of a call not yet fully
/// paid) or an owner's account as a whole (an advance, a payment without reference). Offered as one list, whose value
/// says which ("item-12", "owner-7").
/// </summary>
public sealed class PaymentTargets
{
    public sealed record Item(long ItemId, long OwnerId, string OwnerName, string LastName, string CallTitle, DateOnly DueDate, decimal Due);
    public sealed record Owner(long OwnerId, string OwnerName);

    /// <summary>
    /// SQL: what is still due on the call item aliased <c>i</c>: its amount less what it received (<c>paid</c>, kept
    /// by the database as payments are recorded). Open items (<c>paid &lt; amount</c>) have an index of their own.
    /// </summary>
    public const string DueSql = "(i.amount - i.paid)";

    /// <summary>
    /// SQL: the call items of the building @buildingId as <see cref="Item"/>, those matching <paramref name="itemsWhere"/>
    /// ("and …" on <c>i</c>), read call by call and each owner by key. The condition goes inside, where the items are
    /// read: "offset 0" keeps both lookups (PostgreSQL cannot tell how few items are open and would otherwise scan the
    /// open items and the owners of the whole platform), and a condition added after it would be applied to every item
    /// of the building instead of using an index.
    /// </summary>
    public static string ItemsSql(string itemsWhere) => $"""
        select i.id as item_id, i.owner_id, {Labels.PersonNameSql("o")} as owner_name, o.last_name, c.title as call_title, c.due_date, {DueSql} as due
        from fund_calls c
        cross join lateral (select * from fund_call_items i where i.call_id = c.id {itemsWhere} offset 0) i
        join lateral (select first_name, last_name from owners where id = i.owner_id offset 0) o on true
        where c.building_id = @buildingId
        """;

    public IReadOnlyList<Item> Items { get; private init; } = [];
    public IReadOnlyList<Owner> Owners { get; private init; } = [];

    /// <summary>
    /// SQL: the open items, then everyone who has held a lot in the building (former owners included: they may settle
    /// late), for <see cref="Read"/>; a page adds it to its own statements to send them all at once.
    /// </summary>
    public static readonly string Sql = $"""
        {ItemsSql("and i.paid < i.amount")} order by o.last_name, o.first_name, c.due_date;
        select distinct on (o.last_name, o.first_name, o.id) o.id as owner_id, {Labels.PersonNameSql("o")} as owner_name
        from lot_ownerships x join lots l on l.id = x.lot_id join owners o on o.id = x.owner_id
        where l.building_id = @buildingId order by o.last_name, o.first_name, o.id
        """;

    public static async Task<PaymentTargets> Read(SqlMapper.GridReader results) => new()
    {
        Items = (await results.ReadAsync<Item>()).AsList(),
        Owners = (await results.ReadAsync<Owner>()).AsList(),
    };

    public static async Task<PaymentTargets> Load(Db db, long buildingId)
    {
        await using var results = await db.QueryMultiple(Sql, new { buildingId });
        return await Read(results);
    }

    public IEnumerable<(string Value, string Text)> Options(Func<string, object[], string> text) =>
        Items.Select(i => ($"item-{i.ItemId}", text("{0} — {1}: {2} due", [i.OwnerName, i.CallTitle, Ledger.Euros(i.Due)])))
            .Concat(Owners.Select(o => ($"owner-{o.OwnerId}", text("{0} — on account", [o.OwnerName]))));

    /// <summary>The owner and (if any) the item a chosen value designates; null if it is not one of the list.</summary>
    public (long OwnerId, long? ItemId, string Label)? Find(string? value)
    {
        var parts = (value ?? "").Split('-');
        if (parts.Length != 2 || !long.TryParse(parts[1], out var id)) return null;
        return parts[0] switch
        {
            "item" when Items.FirstOrDefault(i => i.ItemId == id) is { } i => (i.OwnerId, i.ItemId, $"{i.OwnerName} · {i.CallTitle}"),
            "owner" when Owners.FirstOrDefault(o => o.OwnerId == id) is { } o => (o.OwnerId, null, o.OwnerName),
            _ => null,
        };
    }
}

/// <summary>Records an owner's payment: the bank entry (D 550 bank / C 410 the owner) and the payment, from a bank line or by hand.</summary>
public static class Payments
{
    public static async Task<long> Record(Db db, long? userId, long buildingId, long ownerId, long? itemId, decimal amount, DateOnly paidOn,
        string description, string matchedBy, long? bankLineId = null)
    {
        var entryId = await Ledger.Post(db, userId, buildingId, Journal.Financial, paidOn, description, automatic: true,
            [new PostingLine("550", amount, 0m), new PostingLine("410", 0m, amount, OwnerId: ownerId)]);
        return await db.Scalar<long>("""
            insert into payments (organisation_id, building_id, owner_id, item_id, amount, paid_on, bank_line_id, entry_id, created_by, matched_by)
            select organisation_id, id, @ownerId, @itemId, @amount, @paidOn, @bankLineId, @entryId, @userId, @matchedBy from buildings where id = @buildingId
            returning id
            """, new { buildingId, ownerId, itemId, amount, paidOn, bankLineId, entryId, userId, matchedBy });
    }
}
