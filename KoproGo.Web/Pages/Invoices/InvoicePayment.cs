using KoproGo.Domain.Accounting;
using KoproGo.Web.Infrastructure;
using KoproGo.Web.Pages.Accounting;

namespace KoproGo.Web.Pages.Invoices;

/// <summary>Paying an approved invoice: the bank entry (D 440 supplier / C 550 bank) and the invoice marked paid.</summary>
public static class InvoicePayment
{
    private sealed record Approved(long BuildingId, long SupplierId, string Label, decimal Total);

    /// <summary>Posts the payment of an approved invoice; null if the invoice is not (or no longer) approved.</summary>
    public static async Task<long?> Pay(Db db, long? userId, long invoiceId, DateOnly paidOn)
    {
        var invoice = await db.QuerySingleOrDefault<Approved>("""
            select i.building_id, i.supplier_id, s.name || ' ' || i.supplier_reference as label,
                   (select sum(x.amount_excl_vat + x.vat) from invoice_lines x where x.invoice_id = i.id) as total
            from invoices i join suppliers s on s.id = i.supplier_id where i.id = @invoiceId and i.status = 'approved' for update of i
            """, new { invoiceId });
        if (invoice is null) return null;
        var entryId = await Ledger.Post(db, userId, invoice.BuildingId, Journal.Financial, paidOn, invoice.Label, automatic: true,
            [new PostingLine("440", invoice.Total, 0m, SupplierId: invoice.SupplierId), new PostingLine("550", 0m, invoice.Total)]);
        await db.Execute("update invoices set status = 'paid', paid_on = @paidOn, payment_entry_id = @entryId where id = @invoiceId", new { invoiceId, paidOn, entryId });
        return entryId;
    }
}
