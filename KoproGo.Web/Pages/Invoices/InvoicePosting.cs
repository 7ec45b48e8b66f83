using KoproGo.Domain.Accounting;
using KoproGo.Web.Infrastructure;
using KoproGo.Web.Pages.Accounting;

namespace KoproGo.Web.Pages.Invoices;

/// <summary>
/// What an invoice writes in the books. Approval: the purchase entry (D 6xx per account / C 440 supplier) and each
/// owner's share of the charges, split at the invoice date. Payment: the bank entry (D 440 supplier / C 550 bank).
/// </summary>
public static class InvoicePosting
{
    private sealed record Invoice(long BuildingId, long SupplierId, string Label, DateOnly InvoiceDate, decimal Total);
    private sealed record Line(string Account, decimal Total, long? KeyId);

    /// <summary>SQL: the total including VAT of the invoice aliased <c>i</c>, from its lines.</summary>
    public const string TotalSql = "(select sum(x.amount_excl_vat + x.vat) from invoice_lines x where x.invoice_id = i.id)";

    private static Task<Invoice?> Find(Db db, long invoiceId, string status) => db.QuerySingleOrDefault<Invoice>($"""
        select i.building_id, i.supplier_id, s.name || ' ' || i.supplier_reference as label, i.invoice_date, {TotalSql} as total
        from invoices i join suppliers s on s.id = i.supplier_id where i.id = @invoiceId and i.status = @status for update of i
        """, new { invoiceId, status });

    /// <summary>
    /// Posts an approved invoice and stores its charges. The lots without owner on the invoice date, if any, are returned
    /// and nothing is written (the split cannot be made until someone owns them).
    /// </summary>
    public static async Task<IReadOnlyList<string>> Approve(Db db, long? userId, long invoiceId)
    {
        var invoice = await Find(db, invoiceId, "submitted") ?? throw new InvalidOperationException($"invoice {invoiceId} is not submitted");
        var lines = await db.Query<Line>("select account_code as account, amount_excl_vat + vat as total, key_id from invoice_lines where invoice_id = @invoiceId order by id",
            new { invoiceId });
        var (split, orphans) = await ExpenseSplit.Compute(db, invoice.BuildingId, invoice.InvoiceDate, lines.Select(x => (x.Total, x.Account, x.KeyId)));
        if (orphans.Count > 0 || split.Count == 0) return orphans;
        var posting = lines.GroupBy(x => x.Account).Select(g => new PostingLine(g.Key, g.Sum(x => x.Total), 0m)).ToList();
        posting.Add(new PostingLine("440", 0m, invoice.Total, SupplierId: invoice.SupplierId));
        var entryId = await Ledger.Post(db, userId, invoice.BuildingId, Journal.Purchases, invoice.InvoiceDate, invoice.Label, automatic: true, posting);
        await db.Execute("update invoices set status = 'approved', approved_at = now(), entry_id = @entryId where id = @invoiceId", new { entryId, invoiceId });
        await db.Execute("""
            insert into charges (organisation_id, building_id, invoice_id, lot_id, owner_id, account_code, charged_on, amount)
            select organisation_id, building_id, id, unnest(@lots), unnest(@owners), unnest(@accounts), invoice_date, unnest(@amounts) from invoices where id = @invoiceId
            """, new
        {
            invoiceId, lots = split.Select(p => p.LotId).ToArray(), owners = split.Select(p => p.OwnerId).ToArray(),
            accounts = split.Select(p => p.Account).ToArray(), amounts = split.Select(p => p.Amount).ToArray(),
        });
        return [];
    }

    /// <summary>Posts the payment of an approved invoice; null if the invoice is not (or no longer) approved.</summary>
    public static async Task<long?> Pay(Db db, long? userId, long invoiceId, DateOnly paidOn)
    {
        if (await Find(db, invoiceId, "approved") is not { } invoice) return null;
        var entryId = await Ledger.Post(db, userId, invoice.BuildingId, Journal.Financial, paidOn, invoice.Label, automatic: true,
            [new PostingLine("440", invoice.Total, 0m, SupplierId: invoice.SupplierId), new PostingLine("550", 0m, invoice.Total)]);
        await db.Execute("update invoices set status = 'paid', paid_on = @paidOn, payment_entry_id = @entryId where id = @invoiceId", new { invoiceId, paidOn, entryId });
        return entryId;
    }
}
