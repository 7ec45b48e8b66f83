using KoproGo.Domain;
using KoproGo.Domain.Accounting;
using KoproGo.Web.Infrastructure;
using KoproGo.Web.Pages.Accounting;
using KoproGo.Web.Pages.Invoices;
using Npgsql;
using Quartz;

namespace KoproGo.Web.Pages.Bank;

/// <summary>
/// Turns imported bank lines into payments. A credit is an owner's payment when its communication names a call item of
/// the building, or when its amount and payer designate one owner's open item (<see cref="PaymentMatching"/>); a debit
/// is an invoice's payment when it goes to the supplier's IBAN for exactly the invoice's total. The rest waits on the
/// bank page for a person. One line per transaction, so the import page shows the progress.
/// </summary>
public static class BankMatching
{
    public const string JobKey = "bank-matching";

    private sealed record Line(long Id, long BuildingId, DateOnly ValueDate, decimal Amount, string CounterpartyName, string CounterpartyAccount, string Communication);

    private const string LineColumns = "id, building_id, value_date, amount, counterparty_name, counterparty_account, communication";

    /// <summary>Matches the next pending line of any building; false when none is left.</summary>
    public static async Task<bool> MatchNext(Db db)
    {
        await db.Begin();
        var line = await db.QuerySingleOrDefault<Line>(
            $"select {LineColumns} from bank_lines where status = 'pending' order by id limit 1 for update skip locked");
        if (line is null)
        {
            await db.Commit();
            return false;
        }
        try
        {
            await Match(db, line);
            await db.CheckDeferredConstraints();
            await db.Commit();
        }
        catch (PostgresException e) when (Ledger.YearProblem(e) is { } problem)
        {
            // No open year for its date: the line waits, with the reason, until a person assigns it.
            await db.Rollback();
            await db.Execute("update bank_lines set status = 'unmatched', problem = @problem where id = @Id", new { line.Id, problem });
        }
        return true;
    }

    /// <summary>Matches the lines of one import in the caller's transaction (the demo data, whose year is open).</summary>
    public static async Task MatchImport(Db db, long importId)
    {
        var lines = await db.Query<Line>($"select {LineColumns} from bank_lines where import_id = @importId and status = 'pending' order by id",
            new { importId });
        foreach (var line in lines) await Match(db, line);
    }

    private static async Task Match(Db db, Line line)
    {
        var matched = line.Amount > 0 ? await PayCall(db, line) : await PayInvoice(db, line);
        await db.Execute("update bank_lines set status = @status where id = @Id", new { line.Id, status = matched ? "matched" : "unmatched" });
    }

    private static async Task<bool> PayCall(Db db, Line line)
    {
        PaymentTargets.Item? target = null;
        var by = MatchedBy.Communication;
        if (PaymentMatching.Reference(line.Communication) is { } reference)
            target = await db.QuerySingleOrDefault<PaymentTargets.Item>(PaymentTargets.ItemsSql("and i.communication = @digits"),
                new { buildingId = line.BuildingId, digits = reference.Digits });
        if (target is null)
        {
            var candidates = await db.Query<PaymentTargets.Item>(PaymentTargets.ItemsSql($"and {PaymentTargets.DueSql} = @Amount"),
                new { buildingId = line.BuildingId, line.Amount });
            var item = PaymentMatching.ByAmountAndName(line.Amount, line.CounterpartyName,
                candidates.Select(c => new OpenItem(c.ItemId, c.OwnerId, c.LastName, c.DueDate, c.Due)));
            target = candidates.FirstOrDefault(c => c.ItemId == item?.ItemId);
            by = MatchedBy.AmountAndName;
        }
        if (target is null) return false;
        await Payments.Record(db, null, line.BuildingId, target.OwnerId, target.ItemId, line.Amount, line.ValueDate,
            $"{target.OwnerName} · {target.CallTitle}", Codes.ToCode(by), line.Id);
        return true;
    }

    private static async Task<bool> PayInvoice(Db db, Line line)
    {
        var invoices = await db.Query<long>($"""
            select i.id from invoices i join suppliers s on s.id = i.supplier_id
            where i.building_id = @BuildingId and i.status = 'approved' and s.iban = @iban
              and {InvoicePosting.TotalSql} = -@Amount
            """, new { line.BuildingId, line.Amount, iban = KoproGo.Domain.Buildings.Iban.Normalize(line.CounterpartyAccount) });
        if (invoices.Count != 1 || await InvoicePosting.Pay(db, null, invoices[0], line.ValueDate) is null) return false;
        await db.Execute("update bank_lines set invoice_id = @invoiceId where id = @Id", new { line.Id, invoiceId = invoices[0] });
        return true;
    }
}

public sealed class BankMatchingJob(Db db) : IJob
{
    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested && await BankMatching.MatchNext(db)) { }
    }
}
