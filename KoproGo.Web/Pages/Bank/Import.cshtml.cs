using Htmx;
using KoproGo.Web.Infrastructure;
using KoproGo.Web.Pages.Accounting;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace KoproGo.Web.Pages.Bank;

/// <summary>One imported statement: how far its lines are matched, and what each one became.</summary>
[Authorize(Policy = Policies.BuildingReader)]
public sealed class ImportModel(Db db) : PageModel
{
    public sealed record Statement(long Id, long BuildingId, string FileName, string Account, DateOnly StatementDate, DateTime ImportedAt, int Lines, string? ImportedBy);
    public sealed record Line(long Id, int StatementNumber, int Sequence, DateOnly ValueDate, decimal Amount, string CounterpartyName, string Communication,
        string Status, string? Problem, string? OwnerName, string? CallTitle, string? MatchedBy, long? InvoiceId, string? Invoice);

    public AccountingBuilding Building { get; private set; } = null!;
    public Statement Info { get; private set; } = null!;
    public IReadOnlyList<Line> Lines { get; private set; } = [];
    public int Done => Lines.Count(l => l.Status != "pending");
    public bool Matching => Done < Lines.Count;

    private async Task<bool> Load(long importId)
    {
        var info = await db.QuerySingleOrDefault<Statement>("""
            select i.id, i.building_id, i.file_name, i.account, i.statement_date, i.imported_at, i.lines, u.display_name as imported_by
            from bank_imports i left join users u on u.id = i.imported_by where i.id = @importId and i.organisation_id = @OrgId
            """, User.Viewer().Params(new { importId }));
        if (info is null || await AccountingBuilding.Find(db, User.Viewer(), info.BuildingId) is not { } building) return false;
        (Info, Building) = (info, building);
        Lines = await db.Query<Line>($"""
            select l.id, l.statement_number, l.sequence, l.value_date, l.amount, l.counterparty_name, l.communication, l.status, l.problem,
                   {Labels.PersonNameSql("o")} as owner_name, c.title as call_title, p.matched_by,
                   l.invoice_id, s.name || ' ' || v.supplier_reference as invoice
            from bank_lines l
            left join payments p on p.bank_line_id = l.id left join owners o on o.id = p.owner_id
            left join fund_call_items i on i.id = p.item_id left join fund_calls c on c.id = i.call_id
            left join invoices v on v.id = l.invoice_id left join suppliers s on s.id = v.supplier_id
            where l.import_id = @importId order by l.statement_number, l.sequence
            """, new { importId });
        return true;
    }

    public string ProgressFingerprint => HtmxAnswers.Fingerprint(new { Matching, Done });

    public async Task<IActionResult> OnGet(long importId) => await Load(importId) ? Page() : NotFound();

    /// <summary>The progress alone, for htmx to refresh while the lines are matched.</summary>
    public async Task<IActionResult> OnGetProgress(long importId)
    {
        if (!await Load(importId)) return NotFound();
        // done: reload the page once, so the table shows what each line became
        if (!Matching) Response.Htmx(h => h.Refresh());
        return this.Panel("_MatchingProgress", ProgressFingerprint);
    }
}
