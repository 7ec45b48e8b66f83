using System.Security.Cryptography;
using System.Text;
using Dapper;
using KoproGo.Domain.Accounting;
using KoproGo.Domain.Buildings;
using KoproGo.Web.Infrastructure;
using KoproGo.Web.Pages.Accounting;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Npgsql;
using Quartz;

namespace KoproGo.Web.Pages.Bank;

/// <summary>
/// A building's bank and payments: CODA statements imported and matched, the lines left for a person to assign or set
/// aside, payments recorded by hand, the latest payments received. Staff enter; the board reads.
/// </summary>
[Authorize(Policy = Policies.BuildingReader)]
[RequestFormLimits(MultipartBodyLengthLimit = MaxFileBytes + 64 * 1024)]
public sealed class IndexModel(Db db, IStringLocalizer<SharedResource> l, ISchedulerFactory schedulers) : PageModel
{
    public const int MaxFileBytes = 5 * 1024 * 1024;

    public sealed record ImportRow(long Id, string FileName, string Account, DateOnly StatementDate, DateTime ImportedAt, long Movements, long Pending, long Unmatched);
    public sealed record LineRow(long Id, DateOnly ValueDate, decimal Amount, string CounterpartyName, string Communication, string? Problem);
    public sealed record PaymentRow(long Id, DateOnly PaidOn, string OwnerName, string? CallTitle, decimal Amount, string MatchedBy, long EntryId);

    public sealed class PaymentInput
    {
        public string? Target { get; set; }
        public string? Amount { get; set; }
        public string? PaidOn { get; set; }
    }

    [BindProperty] public PaymentInput Input { get; set; } = new();
    [BindProperty] public IFormFile? Statement { get; set; }

    public AccountingBuilding Building { get; private set; } = null!;
    public IReadOnlyList<ImportRow> Imports { get; private set; } = [];
    public IReadOnlyList<LineRow> ToAssign { get; private set; } = [];
    public IReadOnlyList<PaymentRow> Received { get; private set; } = [];
    public PaymentTargets Targets { get; private set; } = new();

    private async Task<bool> Load(long id)
    {
        var viewer = User.Viewer();
        var enters = AccountingBuilding.Enters(viewer);
        // the building and the page's lists in one round trip, the payment form's choices with them when the viewer may
        // record one
        var building = await AccountingBuilding.Find(db, viewer, id, $"""
            select i.id, i.file_name, i.account, i.statement_date, i.imported_at,
                   count(l.id) as movements, count(l.id) filter (where l.status = 'pending') as pending,
                   count(l.id) filter (where l.status = 'unmatched') as unmatched
            from bank_imports i left join bank_lines l on l.import_id = i.id
            where i.building_id = @buildingId group by i.id order by i.imported_at desc, i.statement_date desc limit 20;
            select id, value_date, amount, counterparty_name, communication, problem from bank_lines
            where building_id = @buildingId and status = 'unmatched' order by value_date, id limit 200;
            select p.id, p.paid_on, {Labels.PersonNameSql("o")} as owner_name, c.title as call_title, p.amount, p.matched_by, p.entry_id
            from payments p join owners o on o.id = p.owner_id
            left join fund_call_items i on i.id = p.item_id left join fund_calls c on c.id = i.call_id
            where p.building_id = @buildingId order by p.paid_on desc, p.id desc limit 50;
            {(enters ? PaymentTargets.Sql : "")}
            """, new { buildingId = id }, async results =>
        {
            Imports = (await results.ReadAsync<ImportRow>()).AsList();
            ToAssign = (await results.ReadAsync<LineRow>()).AsList();
            Received = (await results.ReadAsync<PaymentRow>()).AsList();
            if (enters) Targets = await PaymentTargets.Read(results);
        });
        if (building is null) return false;
        Building = building;
        if (!Request.HasFormContentType) Input.PaidOn = BrusselsTime.Today.ToString("yyyy-MM-dd");
        return true;
    }

    public async Task<IActionResult> OnGet(long id) => await Load(id) ? Page() : NotFound();

    /// <summary>
    /// Imports a CODA file: checked whole before anything is stored. Its statements of this building's account are
    /// imported here; a file may also hold statements of the firm's other buildings, each imported into its own building
    /// (where the user enters the accounts), or it is refused. The lines are then matched by the job.
    /// </summary>
    /// <summary>The import form back with its errors: alone when htmx sent it (it replaces just the form, the focus goes
    /// to its error summary), within the whole page otherwise.</summary>
    private IActionResult FormWithErrors() => Request.WantsFragment() ? Partial("_ImportForm", this) : Page();

    public async Task<IActionResult> OnPostImport(long id)
    {
        if (!await Load(id)) return NotFound();
        if (!Building.CanEnter) return Forbid();
        var check = new FormCheck(ModelState, l, "");
        if (Statement is null || Statement.Length == 0) check.Error(nameof(Statement), "Choose the CODA file your bank gave you.");
        else if (Statement.Length > MaxFileBytes) check.Error(nameof(Statement), "This file is larger than 5 MB: import the statements one by one.");
        if (!ModelState.IsValid) return FormWithErrors();

        byte[] bytes;
        using (var buffer = new MemoryStream())
        {
            await Statement!.CopyToAsync(buffer);
            bytes = buffer.ToArray();
        }
        var (statements, errors) = Coda.Parse(Encoding.Latin1.GetString(bytes));
        if (errors.Count > 0)
        {
            var first = errors[0];
            var problem = l[first.Problem, first.Args].Value;
            check.Error(nameof(Statement), first.Line > 0 ? "This is not a valid CODA file (line {0}: {1})." : "This is not a valid CODA file ({1}).", first.Line, problem);
            return FormWithErrors();
        }
        if (Building.Iban is null)
        {
            check.Error(nameof(Statement), "Record the building's IBAN first: each statement is checked against it.");
            return FormWithErrors();
        }
        var here = Iban.Normalize(Building.Iban);
        var accounts = statements.Select(s => Iban.Normalize(s.Account)).Distinct().ToList();
        if (!accounts.Contains(here))
        {
            check.Error(nameof(Statement), "This statement is of account {0}, not of the building's account {1}.", accounts[0], here);
            return FormWithErrors();
        }
        var buildings = new Dictionary<string, AccountingBuilding> { [here] = Building };
        foreach (var other in accounts.Where(a => a != here))
        {
            var otherId = await db.QuerySingleOrDefault<long?>("select id from buildings where organisation_id = @OrgId and iban = @other",
                User.Viewer().Params(new { other }));
            if (otherId is null || await AccountingBuilding.Find(db, User.Viewer(), otherId.Value) is not { CanEnter: true } building)
            {
                check.Error(nameof(Statement), "This file also holds a statement of account {0}, which is not the account of one of your buildings: nothing was imported.", other);
                return FormWithErrors();
            }
            buildings[other] = building;
        }

        var sha256 = Convert.ToHexStringLower(SHA256.HashData(bytes));
        if (await AlreadyImported(id, sha256) is { } earlier) return earlier;
        var fileName = Path.GetFileName(Statement.FileName) is { Length: > 0 and <= 200 } name ? name : "statement.cod";
        long? importHere = null;
        var (added, total) = (0, 0);
        foreach (var (account, building) in buildings)
        {
            var ofBuilding = statements.Where(s => Iban.Normalize(s.Account) == account).ToList();
            var (importId, newLines) = await Store(building, fileName, sha256, account, ofBuilding);
            if (importId is null) return await AlreadyImported(id, sha256) ?? FormWithErrors();
            if (building.Id == id) importHere = importId;
            added += newLines;
            total += ofBuilding.Sum(s => s.Movements.Count);
        }
        await db.Commit();
        await (await schedulers.GetScheduler()).TriggerJob(new JobKey(BankMatching.JobKey));
        TempData["Notice"] = added == total ? "The statement is imported: its lines are being matched."
            : "The statement is imported; movements already imported from another file were left as they were.";
        return this.SeeOther($"/bank-imports/{importHere}");
    }

    /// <summary>
    /// One building's statements of the file, stored as one import; a movement already stored from another file (the
    /// same account, statement date, number and sequence) is left as it was. Null when the same file is being stored at
    /// this very moment by another request.
    /// </summary>
    private async Task<(long? ImportId, int Added)> Store(AccountingBuilding building, string fileName, string sha256, string account, List<CodaStatement> statements)
    {
        long importId;
        try
        {
            importId = await db.Scalar<long>("""
                insert into bank_imports (organisation_id, building_id, file_name, sha256, account, statement_date, lines, imported_by)
                select organisation_id, id, @fileName, @sha256, @account, @date, @count, @ViewerUserId from buildings where id = @id returning id
                """, User.Viewer().Params(new
            {
                id = building.Id, fileName, sha256, account, date = statements.Max(s => s.Date), count = statements.Sum(s => s.Movements.Count),
            }));
        }
        catch (PostgresException e) when (e.ConstraintName == "bank_imports_once")
        {
            await db.Rollback();
            return (null, 0);
        }
        var m = statements.SelectMany(s => s.Movements.Select(x => (Statement: s, Movement: x))).ToList();
        var added = await db.Execute("""
            insert into bank_lines (organisation_id, building_id, import_id, account, statement_number, statement_date, sequence, value_date, amount,
                                    counterparty_name, counterparty_account, communication)
            select b.organisation_id, b.id, @importId, @account, nr, sd, s, d, a, n, c, t
            from buildings b, unnest(@numbers, @statementDates, @sequences, @dates, @amounts, @names, @accounts, @texts) as x(nr, sd, s, d, a, n, c, t)
            where b.id = @id
            on conflict on constraint bank_lines_once do nothing
            """, new
        {
            id = building.Id, importId, account,
            numbers = m.Select(x => x.Statement.StatementNumber).ToArray(), statementDates = m.Select(x => x.Statement.Date).ToArray(),
            sequences = m.Select(x => x.Movement.Sequence).ToArray(), dates = m.Select(x => x.Movement.ValueDate).ToArray(),
            amounts = m.Select(x => x.Movement.Amount).ToArray(), names = m.Select(x => x.Movement.CounterpartyName).ToArray(),
            accounts = m.Select(x => x.Movement.CounterpartyAccount).ToArray(), texts = m.Select(x => x.Movement.Communication).ToArray(),
        });
        var numbers = string.Join(", ", statements.Select(s => $"{s.StatementNumber} ({s.Date:yyyy-MM-dd})"));
        await AuditLog.Record(db, User.Viewer(), "bank_import", importId, "imported",
            AuditLog.Says("{0}: {1}, statements {2} ({3} of {4} movements new)", building.Name, account, numbers, added, m.Count));
        return (importId, added);
    }

    private async Task<IActionResult?> AlreadyImported(long id, string sha256)
    {
        var earlier = await db.QuerySingleOrDefault<long?>("select id from bank_imports where building_id = @id and sha256 = @sha256", new { id, sha256 });
        if (earlier is null) return null;
        TempData["Notice"] = "This file was already imported: nothing changed.";
        return this.SeeOther($"/bank-imports/{earlier}");
    }

    /// <summary>A payment received otherwise (cash, another account, before the import existed), recorded by hand.</summary>
    public async Task<IActionResult> OnPostPayment(long id)
    {
        if (!await Load(id)) return NotFound();
        if (!Building.CanEnter) return Forbid();
        var check = new FormCheck(ModelState, l, nameof(Input));
        var target = Targets.Find(Input.Target);
        if (target is null) check.Error(nameof(Input.Target), "Choose one of the options offered.");
        var amount = check.Decimal(nameof(Input.Amount), Input.Amount, 0.01m, 10_000_000m, required: true);
        var paidOn = check.Date(nameof(Input.PaidOn), Input.PaidOn, required: true);
        if (paidOn > BrusselsTime.Today) check.Error(nameof(Input.PaidOn), "A payment cannot be dated in the future.");
        if (!ModelState.IsValid) return Page();
        try
        {
            var (ownerId, itemId, label) = target!.Value;
            var paymentId = await Payments.Record(db, User.Viewer().UserId, id, ownerId, itemId, amount!.Value, paidOn!.Value, label, "hand");
            await db.CheckDeferredConstraints();
            await AuditLog.Record(db, User.Viewer(), "payment", paymentId, "recorded", AuditLog.Says("{0}: {1} on {2}", label, Ledger.Euros(amount.Value), paidOn));
        }
        catch (PostgresException e) when (Ledger.YearProblem(e) is { } message)
        {
            await db.Rollback();
            check.Error(nameof(Input.PaidOn), message);
            return Page();
        }
        TempData["Notice"] = "The payment is recorded and posted.";
        return Redirect($"/buildings/{id}/bank#payments");
    }
}
