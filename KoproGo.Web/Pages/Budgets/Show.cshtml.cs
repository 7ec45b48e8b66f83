using KoproGo.Domain;
using KoproGo.Domain.Accounting;
using KoproGo.Domain.Assemblies;
using KoproGo.Web.Infrastructure;
using KoproGo.Web.Infrastructure.Documents;
using KoproGo.Web.Infrastructure.Pdf;
using KoproGo.Web.Pages.Accounting;
using KoproGo.Web.Pages.Calls;
using KoproGo.Web.Pages.Documents;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Npgsql;
using Quartz;

namespace KoproGo.Web.Pages.Budgets;

/// <summary>
/// One year's budget: its lines beside last year's actuals, written while a draft; put on an assembly's agenda (the
/// budget as PDF attached for the convocation); once approved, the year's instalments and the calls that ask them.
/// </summary>
[Authorize(Policy = Policies.BuildingReader)]
public sealed class ShowModel(Db db, IStringLocalizer<SharedResource> l, PdfRenderer pdf, IDocumentStorage storage, ISchedulerFactory schedulers) : PageModel
{
    public sealed record DraftAssembly(long Id, DateTime MeetingAt);

    public sealed class LineInput
    {
        public string? Kind { get; set; } = "ordinary";
        public string? Account { get; set; }
        public string? KeyId { get; set; }
        public string? Amount { get; set; }
    }

    /// <summary>One period of an approved budget: its instalments and the calls already issued for it.</summary>
    public sealed record Period(int Number, DateOnly Starts, decimal Ordinary, decimal Extraordinary, long? OrdinaryCall, long? ExtraordinaryCall)
    {
        public bool Issued => (Ordinary == 0 || OrdinaryCall is not null) && (Extraordinary == 0 || ExtraordinaryCall is not null);
    }

    [BindProperty] public LineInput Line { get; set; } = new();
    [BindProperty] public string? Frequency { get; set; }
    [BindProperty] public string? Assembly { get; set; }

    public BudgetData.Budget Budget { get; private set; } = null!;
    public AccountingBuilding Building { get; private set; } = null!;
    public IReadOnlyList<BudgetData.Line> Lines { get; private set; } = [];
    public IReadOnlyDictionary<string, decimal> LastYear { get; private set; } = new Dictionary<string, decimal>();
    public IReadOnlyList<Chart.Account> Accounts { get; private set; } = [];
    public IReadOnlyList<(long Id, string Name)> Keys { get; private set; } = [];
    public IReadOnlyList<DraftAssembly> Assemblies { get; private set; } = [];
    public IReadOnlyList<Period> Periods { get; private set; } = [];

    public bool MayWrite => Building.CanApprove && Budget.Editable;
    public decimal Total(BudgetKind kind) => Lines.Where(x => x.Kind == kind.ToCode()).Sum(x => x.Amount);

    private async Task<bool> Load(long id)
    {
        if (await BudgetData.Find(db, User.Viewer(), id) is not var (budget, building)) return false;
        (Budget, Building) = (budget, building);
        Frequency ??= budget.Frequency;
        var lang = Languages.Current;
        Lines = await BudgetData.Lines(db, id, lang);
        LastYear = await BudgetData.Spent(db, budget.BuildingId, new DateOnly(budget.Year - 1, 1, 1), new DateOnly(budget.Year - 1, 12, 31));
        Accounts = await Chart.All(db, lang, "6%");
        Keys = await db.Query<(long, string)>("select id, name from distribution_keys where building_id = @BuildingId order by name", budget);
        Assemblies = await db.Query<DraftAssembly>("""
            select id, meeting_at from assemblies where building_id = @BuildingId and status = 'draft' and meeting_at > now() order by meeting_at
            """, budget);
        if (budget.State == "approved") await LoadPeriods();
        return true;
    }

    private async Task LoadPeriods()
    {
        var calls = (await db.Query<(string Kind, int Period, long Id)>(
            "select kind, budget_period, id from fund_calls where budget_id = @Id", Budget)).ToDictionary(c => (c.Kind, c.Period), c => c.Id);
        var frequency = Budget.FrequencyValue;
        // each key's instalment rounded on its own, as the calls split them
        decimal Of(BudgetKind kind, int p) => BudgetData.Instalment(Lines, kind, frequency, p).Sum(k => k.Amount);
        Periods = Enumerable.Range(1, Provisions.PeriodsPerYear(frequency)).Select(p => new Period(p,
            new DateOnly(Budget.Year, Provisions.FirstMonth(frequency, p), 1), Of(BudgetKind.Ordinary, p), Of(BudgetKind.Extraordinary, p),
            calls.TryGetValue(("working_capital", p), out var o) ? o : null, calls.TryGetValue(("extraordinary", p), out var e) ? e : null)).ToList();
    }

    public async Task<IActionResult> OnGet(long id) => await Load(id) ? Page() : NotFound();

    /// <summary>The budget as PDF in the building's language: the annex of the convocation.</summary>
    public async Task<IActionResult> OnGetPdf(long id, CancellationToken cancellationToken)
    {
        if (!await Load(id)) return NotFound();
        return await pdf.Download("/Pdf/Budget.cshtml", await Annex(), Building.Language, Frame(), $"budget-{Budget.Year}.pdf", cancellationToken);
    }

    private async Task<BudgetAnnex> Annex() => new(Building.Name, Budget, await BudgetData.Lines(db, Budget.Id, Building.Language), LastYear);

    private PdfFrame Frame() => new(Languages.Text(Building.Language, "Budget {0}").Replace("{0}", Budget.Year.ToString()),
        BrusselsTime.Today.ToString("d", Languages.Culture(Building.Language)), Building.Name);

    public async Task<IActionResult> OnPostLine(long id)
    {
        if (!await Load(id)) return NotFound();
        if (!Building.CanApprove) return Forbid();
        var check = new FormCheck(ModelState, l, nameof(Line));
        if (!Budget.Editable) check.Error("", "This budget was submitted to the assembly: it can no longer change.");
        var kind = check.Choice(nameof(Line.Kind), Line.Kind, ["ordinary", "extraordinary"]);
        var account = check.Choice(nameof(Line.Account), Line.Account, Accounts.Select(a => a.Code).ToArray());
        long? keyId = FormInput.Trimmed(Line.KeyId) is null ? null : long.TryParse(Line.KeyId, out var k) && Keys.Any(x => x.Id == k) ? k : -1;
        if (keyId == -1) check.Error(nameof(Line.KeyId), "Choose a key of the list.");
        var amount = check.Decimal(nameof(Line.Amount), Line.Amount, 0.01m, 100_000_000m, required: true);
        if (ModelState.IsValid && Lines.Any(x => x.Kind == kind && x.AccountCode == account && x.KeyId == keyId))
            check.Error(nameof(Line.Account), "This account already has a line with this key: change its amount instead.");
        if (!ModelState.IsValid) return Page();
        try
        {
            await db.Execute("insert into budget_lines (budget_id, kind, account_code, key_id, amount) values (@id, @kind, @account, @keyId, @amount)",
                new { id, kind, account, keyId, amount });
        }
        catch (PostgresException e) when (e.ConstraintName is "budget_lines_once" or "budgets_edited_in_draft")
        {
            await db.Rollback();
            await Load(id);
            check.Error(nameof(Line.Account), e.ConstraintName == "budget_lines_once"
                ? "This account already has a line with this key: change its amount instead."
                : "This budget was submitted to the assembly: it can no longer change.");
            return Page();
        }
        await AuditLog.Record(db, User.Viewer(), "budget", id, "line_added", AuditLog.Says("Budget {0}: {1} {2}", Budget.Year, account!, Ledger.Euros(amount!.Value)));
        return Redirect($"/budgets/{id}#lines");
    }

    /// <summary>Changes a line's amount, or removes it with an empty amount.</summary>
    public async Task<IActionResult> OnPostAmount(long id, long lineId, string? amount)
    {
        if (!await Load(id)) return NotFound();
        if (!Building.CanApprove) return Forbid();
        if (!Budget.Editable || Lines.FirstOrDefault(x => x.Id == lineId) is not { } line) return Redirect($"/budgets/{id}#lines");
        var check = new FormCheck(ModelState, l, "");
        var value = FormInput.Trimmed(amount) is null ? (decimal?)null : check.Decimal($"Amount{lineId}", amount, 0.01m, 100_000_000m, required: true);
        if (!ModelState.IsValid) return Page();
        if (value is null) await db.Execute("delete from budget_lines where id = @lineId", new { lineId });
        else await db.Execute("update budget_lines set amount = @value where id = @lineId", new { lineId, value });
        await AuditLog.Record(db, User.Viewer(), "budget", id, value is null ? "line_removed" : "updated",
            AuditLog.Says("Budget {0}: {1} {2}", Budget.Year, line.AccountCode, value is null ? "—" : Ledger.Euros(value.Value)));
        return Redirect($"/budgets/{id}#lines");
    }

    public async Task<IActionResult> OnPostFrequency(long id)
    {
        if (!await Load(id)) return NotFound();
        if (!Building.CanApprove) return Forbid();
        var check = new FormCheck(ModelState, l, "");
        var frequency = check.Choice(nameof(Frequency), Frequency, ["monthly", "quarterly", "half_yearly"]);
        if (!Budget.Editable) check.Error(nameof(Frequency), "This budget was submitted to the assembly: it can no longer change.");
        if (!ModelState.IsValid) return Page();
        await db.Execute("update budgets set frequency = @frequency where id = @id", new { id, frequency });
        return Redirect($"/budgets/{id}");
    }

    /// <summary>Puts the budget on a draft assembly's agenda (absolute majority), the budget as PDF attached for the convocation.</summary>
    public async Task<IActionResult> OnPostSubmit(long id, CancellationToken cancellationToken)
    {
        if (!await Load(id)) return NotFound();
        if (!Building.CanApprove) return Forbid();
        var check = new FormCheck(ModelState, l, "");
        var assembly = long.TryParse(Assembly, out var aid) ? Assemblies.FirstOrDefault(a => a.Id == aid) : null;
        if (assembly is null) check.Error(nameof(Assembly), "Choose an assembly still being prepared.");
        if (!BudgetRules.MayMove(Budget.State, "submitted")) check.Error(nameof(Assembly), "This budget is already on an assembly's agenda or decided.");
        if (Lines.Count == 0) check.Error(nameof(Assembly), "Add the budget's lines before submitting it.");
        if (!ModelState.IsValid) return Page();
        var language = Building.Language;
        string T(string key, params object[] args) => string.Format(Languages.Culture(language), Languages.Text(language, key), args);
        var itemId = await KoproGo.Web.Pages.Assemblies.AssemblyData.AppendItem(db, aid, FormInput.Cut(T("Budget {0}", Budget.Year), 200),
            T("The assembly is asked to approve the budget of {0}: running charges {1:C}, extraordinary expenses {2:C}, called in {3} instalments (see the attached budget). Absolute majority.",
                Budget.Year, Total(BudgetKind.Ordinary), Total(BudgetKind.Extraordinary), Provisions.PeriodsPerYear(Budget.FrequencyValue)),
            "ordinary", MajorityKind.Absolute.ToCode(), draftOnly: true);
        var file = await pdf.Render("/Pdf/Budget.cshtml", await Annex(), language, Frame(), cancellationToken);
        using var content = new MemoryStream(file);
        var documentId = await DocumentRules.Store(db, storage, User.Viewer(),
            new DocumentRules.NewDocument(Budget.BuildingId, "accounts", "owners", FormInput.Cut(T("Budget {0}", Budget.Year), 200),
                $"budget-{Budget.Year}.pdf", "application/pdf", Generated: true), content, cancellationToken);
        await db.Execute("insert into agenda_item_documents (agenda_item_id, document_id) values (@itemId, @documentId)", new { itemId, documentId });
        await db.Execute("update budgets set state = 'submitted', agenda_item_id = @itemId where id = @id", new { id, itemId });
        await AuditLog.Record(db, User.Viewer(), "budget", id, "put_to_assembly",
            AuditLog.Says("Budget {0}: put to the assembly of {1}", Budget.Year, BrusselsTime.FromUtc(assembly!.MeetingAt)));
        TempData["Notice"] = "The budget is on the assembly's agenda, with the budget attached.";
        return Redirect($"/assemblies/{aid}#agenda");
    }

    /// <summary>Issues the calls for funds of one period of an approved budget: each part split by its lines' keys.</summary>
    public async Task<IActionResult> OnPostIssue(long id, int period, string? dueDate)
    {
        if (!await Load(id)) return NotFound();
        if (!Building.CanEnter) return Forbid();
        if (Periods.FirstOrDefault(p => p.Number == period) is not { Issued: false } chosen) return Redirect($"/budgets/{id}#provisions");
        var check = new FormCheck(ModelState, l, "");
        var today = BrusselsTime.Today;
        var due = check.Date($"DueDate{period}", dueDate, required: true);
        if (due is not null && due < today) check.Error($"DueDate{period}", "The due date cannot be before the date of the call.");
        if (!ModelState.IsValid) return Page();
        var frequency = Budget.FrequencyValue;
        var label = frequency switch
        {
            CallFrequency.Monthly => $"{chosen.Starts:MM/yyyy}",
            CallFrequency.HalfYearly => $"S{period} {Budget.Year}",
            _ => $"T{period} {Budget.Year}",
        };
        try
        {
            foreach (var (kind, callKind, call) in new[] { (BudgetKind.Ordinary, CallKind.WorkingCapital, chosen.OrdinaryCall), (BudgetKind.Extraordinary, CallKind.Extraordinary, chosen.ExtraordinaryCall) })
            {
                var amounts = BudgetData.Instalment(Lines, kind, frequency, period);
                if (call is not null || amounts.Count == 0) continue;
                var title = $"{l[kind == BudgetKind.Ordinary ? "Provisions" : "Extraordinary expenses"]} {label}";
                var (callId, orphans) = await FundCalls.Issue(db, User.Viewer().UserId, Budget.BuildingId, callKind, title, today, due!.Value, amounts, (id, period));
                if (callId is null)
                {
                    await db.Rollback();
                    await Load(id);
                    check.Error($"DueDate{period}", "Lots {0} have no owner on that date: the call cannot be split.", string.Join(", ", orphans));
                    return Page();
                }
                await AuditLog.Record(db, User.Viewer(), "fund_call", callId, "issued", $"{Building.Name}: {title} ({Ledger.Euros(amounts.Sum(a => a.Amount))})");
            }
            await db.CheckDeferredConstraints();
        }
        catch (PostgresException e) when (Ledger.YearProblem(e) is { } message)
        {
            await db.Rollback();
            await Load(id);
            check.Error($"DueDate{period}", message);
            return Page();
        }
        catch (PostgresException e) when (e.ConstraintName == "fund_calls_budget_period_once")
        {
            await db.Rollback();
            return Redirect($"/budgets/{id}#provisions");
        }
        await db.Commit();
        await (await schedulers.GetScheduler()).TriggerJob(new JobKey(CallLetters.JobKey));
        TempData["Notice"] = "The call is issued: the letters are being prepared.";
        return Redirect($"/budgets/{id}#provisions");
    }
}

/// <summary>What the budget's PDF shows: the building, the budget, its lines in the building's language and last year's actuals.</summary>
public sealed record BudgetAnnex(string BuildingName, BudgetData.Budget Budget, IReadOnlyList<BudgetData.Line> Lines, IReadOnlyDictionary<string, decimal> LastYear);
