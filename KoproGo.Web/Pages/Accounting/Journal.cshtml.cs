using System.Globalization;
using System.Text;
using KoproGo.Domain;
using KoproGo.Domain.Accounting;
using KoproGo.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Npgsql;

namespace KoproGo.Web.Pages.Accounting;

/// <summary>
/// The journal of a financial year, whole or one account's lines (drill-down from the statements); a manual entry in the
/// miscellaneous journal; reversing an entry; the journal as CSV for the accountant.
/// </summary>
[Authorize(Policy = Policies.BuildingReader)]
public sealed class JournalModel(Db db, IStringLocalizer<SharedResource> l) : PageModel
{
    public const int FormLines = 5;
    /// <summary>
    /// Lines per page: a year of a large building is thousands of lines, far over what a page should weigh. An entry is
    /// never split: it goes on the page where its first line falls, so a page holds at most this many lines and one entry.
    /// </summary>
    public const int LinesPerPage = 50;

    public sealed record Line(long EntryId, DateOnly EntryDate, string Journal, string Description, bool Automatic, long? ReversesId,
        long? ReversedBy, string Account, string AccountLabel, decimal Debit, decimal Credit, string? Party, string? LineText);

    public sealed class LineInput
    {
        public string? Account { get; set; }
        public string? Debit { get; set; }
        public string? Credit { get; set; }
    }

    public sealed class EntryInput
    {
        public string? Date { get; set; }
        public string? Description { get; set; }
        public List<LineInput> Lines { get; set; } = [];
    }

    [BindProperty] public EntryInput Entry { get; set; } = new();
    [BindProperty(SupportsGet = true)] public long? Year { get; set; }
    [BindProperty(SupportsGet = true)] public string? Account { get; set; }
    /// <summary>The page asked for; without one, the page of <see cref="ShowEntry"/>, else the last page (the latest entries).</summary>
    [FromQuery(Name = "page")] public int? PageNumber { get; set; }
    /// <summary>An entry to show (a link from a call, an invoice, a payment): its year, at the page that holds it.</summary>
    [FromQuery(Name = "entry")] public long? ShowEntry { get; set; }

    /// <summary>Where an entry of the building's journal is shown: its year's page that holds it, scrolled to it.</summary>
    public static string Link(long buildingId, long entryId) => $"/buildings/{buildingId}/journal?entry={entryId}#entry-{entryId}";

    public AccountingBuilding Building { get; private set; } = null!;
    public IReadOnlyList<AccountingBuilding.Year> Years { get; private set; } = [];
    public AccountingBuilding.Year? Shown { get; private set; }
    public IReadOnlyList<Line> Lines { get; private set; } = [];
    public IReadOnlyList<Chart.Account> Accounts { get; private set; } = [];
    public Chart.Account? Drill { get; private set; }
    public Paging Paging { get; private set; } = null!;
    /// <summary>In the drill-down of one account: its balance before the first line of the page.</summary>
    public decimal OpeningBalance { get; private set; }

    private async Task<bool> Load(long id)
    {
        var (building, years) = await AccountingBuilding.FindWithYears(db, User.Viewer(), id);
        if (building is null) return false;
        (Building, Years) = (building, years);
        if (Year is null && ShowEntry is { } entry)
            Year = await db.QuerySingleOrDefault<long?>("select year_id from journal_entries where id = @entry and building_id = @id", new { entry, id });
        Shown = AccountingBuilding.Pick(Years, Year);
        Accounts = await Chart.All(db, Languages.Current);
        Drill = Accounts.FirstOrDefault(a => a.Code == Account);
        if (Shown is not null) await ReadPage(id, Shown.Id, Drill?.Code);
        while (Entry.Lines.Count < FormLines) Entry.Lines.Add(new LineInput());
        if (!Request.HasFormContentType) Entry.Date = BrusselsTime.Today.ToString("yyyy-MM-dd");
        return true;
    }

    private sealed record PageNumbers(int Pages, int Page);

    /// <summary>
    /// One page of the year's entries (of those touching the account, in a drill-down), in the order they were posted:
    /// pages of about <see cref="LinesPerPage"/> lines, an entry never cut in two. One statement: PostgreSQL numbers the
    /// pages and answers the shown page's lines, each with the page count and the page shown (no line: an empty year).
    /// </summary>
    private async Task ReadPage(long buildingId, long yearId, string? account)
    {
        // the lines each entry brings to a page: all of them (counted when the entry was written), or the account's; the
        // lines before an entry divided in whole numbers (a sum of counts is numeric, whose division would round)
        var entries = account is null
            ? "select id, entry_date, line_count as lines from journal_entries where building_id = @buildingId and year_id = @yearId"
            : """
              select e.id, e.entry_date, count(*) as lines
              from journal_entries e join journal_lines l on l.entry_id = e.id
              where e.building_id = @buildingId and e.year_id = @yearId and l.account_code = @account
              group by e.id
              """;
        var rows = await db.Query<Line, PageNumbers, (Line Line, PageNumbers Numbers)>($$"""
            with numbered as (
                select id, entry_date,
                       (coalesce(sum(lines) over (order by entry_date, id rows between unbounded preceding and 1 preceding), 0)::bigint / @LinesPerPage)::int + 1 as page
                from ({{entries}}) e),
            shown as (select coalesce(max(page), 1) as pages, least(coalesce(max(page), 1), coalesce(@page, (select page from numbered where id = @entry), max(page), 1)) as page from numbered)
            select {{LineColumns}}, shown.pages, shown.page
            from shown join numbered n on n.page = shown.page join journal_entries e on e.id = n.id {{LineJoins}}
            {{(account is null ? "" : "where l.account_code = @account")}}
            order by e.entry_date, e.id, l.id
            """, (line, numbers) => (line, numbers), new
        {
            buildingId, yearId, account, LinesPerPage, lang = Languages.Current,
            page = PageNumber is { } asked ? Paging.Clamp(asked) : (int?)null, entry = ShowEntry,
        }, splitOn: "pages");
        var numbers = rows.FirstOrDefault().Numbers ?? new PageNumbers(1, 1);
        // pages of lines: the pager counts pages, one "row" each
        Paging = new Paging(numbers.Page, 1, numbers.Pages, $"/buildings/{buildingId}/journal",
            new Dictionary<string, string?> { ["year"] = yearId.ToString(CultureInfo.InvariantCulture), ["account"] = account });
        Lines = rows.Select(r => r.Line).ToList();
        if (account is not null && Lines.Count > 0)
            OpeningBalance = await db.Scalar<decimal>("""
                select coalesce(sum(l.debit - l.credit), 0) from journal_lines l join journal_entries e on e.id = l.entry_id
                where e.building_id = @buildingId and e.year_id = @yearId and l.account_code = @account
                  and (e.entry_date, e.id) < (select f.entry_date, f.id from journal_entries f where f.id = @first)
                """, new { buildingId, yearId, account, first = Lines[0].EntryId });
    }

    /// <summary>A journal line's columns, for the entry <c>e</c> joined by <see cref="LineJoins"/>.</summary>
    private static readonly string LineColumns = $"""
        e.id as entry_id, e.entry_date, e.journal, e.description, e.automatic, e.reverses_id,
        (select r.id from journal_entries r where r.reverses_id = e.id) as reversed_by,
        l.account_code as account, {Chart.LabelSql("a")} as account_label, l.debit, l.credit,
        coalesce({Infrastructure.Labels.PersonNameSql("o")}, s.name) as party, l.description as line_text
        """;

    private const string LineJoins = """
        join journal_lines l on l.entry_id = e.id join chart_accounts a on a.code = l.account_code
        left join owners o on o.id = l.owner_id left join suppliers s on s.id = l.supplier_id
        """;

    /// <summary>All the lines of the year (of the account), for the export.</summary>
    private Task<IReadOnlyList<Line>> Read(long buildingId, long yearId, string? account) => db.Query<Line>($"""
        select {LineColumns}
        from journal_entries e {LineJoins}
        where e.building_id = @buildingId and e.year_id = @yearId and (@account::text is null or l.account_code = @account)
        order by e.entry_date, e.id, l.id
        """, new { buildingId, yearId, account, lang = Languages.Current });

    public async Task<IActionResult> OnGet(long id) => await Load(id) ? Page() : NotFound();

    /// <summary>
    /// The year's journal as CSV (semicolons, decimal commas, UTF-8 with BOM: opens as is in a Belgian spreadsheet), its
    /// column headers in the reader's language; texts typed by people can never run as formulas.
    /// </summary>
    public async Task<IActionResult> OnGetCsv(long id)
    {
        if (!await Load(id) || Shown is null) return NotFound();
        // the export is the whole year (or account), not the page on screen
        var lines = await Read(id, Shown.Id, Drill?.Code);
        var csv = new StringBuilder("\uFEFF");
        csv.Append(Csv.Line([.. new[] { "Entry", "Date", "Journal", "Description", "Account", "Name", "Debit", "Credit", "Counterparty" }.Select(h => Csv.Cell(l[h]))]));
        var be = CultureInfo.GetCultureInfo("fr-BE");
        foreach (var x in lines)
            csv.Append(Csv.Line(x.EntryId.ToString(CultureInfo.InvariantCulture), x.EntryDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), x.Journal,
                Csv.Cell(x.Description), x.Account, Csv.Cell(x.AccountLabel), x.Debit.ToString("0.00", be), x.Credit.ToString("0.00", be), Csv.Cell(x.Party)));
        return File(Encoding.UTF8.GetBytes(csv.ToString()), "text/csv; charset=utf-8", $"journal-{id}-{Shown.StartsOn:yyyy}.csv");
    }

    public async Task<IActionResult> OnPost(long id)
    {
        if (!await Load(id)) return NotFound();
        if (!Building.CanEnter) return Forbid();
        var check = new FormCheck(ModelState, l, nameof(Entry));
        var date = check.Date(nameof(Entry.Date), Entry.Date, required: true);
        var description = check.Required(nameof(Entry.Description), Entry.Description, 300);
        var lines = new List<PostingLine>();
        for (var i = 0; i < Entry.Lines.Count; i++)
        {
            var input = Entry.Lines[i];
            var field = $"{nameof(Entry.Lines)}[{i}]";
            if (FormInput.Trimmed(input.Account) is null && FormInput.Trimmed(input.Debit) is null && FormInput.Trimmed(input.Credit) is null) continue;
            if (Accounts.All(a => a.Code != input.Account)) check.Error($"{field}.{nameof(LineInput.Account)}", "Choose an account of the chart.");
            var debit = check.Decimal($"{field}.{nameof(LineInput.Debit)}", input.Debit, 0m, 100_000_000m, required: false) ?? 0m;
            var credit = check.Decimal($"{field}.{nameof(LineInput.Credit)}", input.Credit, 0m, 100_000_000m, required: false) ?? 0m;
            if ((debit > 0) == (credit > 0)) check.Error($"{field}.{nameof(LineInput.Debit)}", "Enter an amount either in debit or in credit.");
            lines.Add(new PostingLine(input.Account ?? "", debit, credit));
        }
        if (ModelState.IsValid)
        {
            var problem = JournalEntry.Check(lines.Select(x => new EntryLine(x.Account, x.Debit, x.Credit)).ToList());
            if (problem == EntryProblem.TooFewLines) check.Error("", "An entry has at least two lines.");
            else if (problem == EntryProblem.Unbalanced)
                check.Error("", "The entry is not balanced: debit {0}, credit {1}.", Ledger.Euros(lines.Sum(x => x.Debit)), Ledger.Euros(lines.Sum(x => x.Credit)));
        }
        if (!ModelState.IsValid) return Page();
        long entryId;
        try
        {
            entryId = await Ledger.Post(db, User.Viewer().UserId, id, Journal.Misc, date!.Value, description!, automatic: false, lines);
            await db.CheckDeferredConstraints();
        }
        catch (PostgresException e) when (Ledger.YearProblem(e) is { } message)
        {
            await db.Rollback();
            check.Error(nameof(Entry.Date), message);
            return Page();
        }
        await AuditLog.Record(db, User.Viewer(), "journal_entry", entryId, "posted", $"{Building.Name}: {description} ({Ledger.Euros(lines.Sum(x => x.Debit))})");
        TempData["Notice"] = "The entry is posted.";
        return Redirect(Link(id, entryId));
    }

    public async Task<IActionResult> OnPostReverse(long id, long entryId)
    {
        if (!await Load(id)) return NotFound();
        if (!Building.CanEnter) return Forbid();
        var entry = await db.QuerySingleOrDefault<(long Id, string Description)>("""
            select e.id, e.description from journal_entries e
            where e.id = @entryId and e.building_id = @id and not exists (select 1 from journal_entries r where r.reverses_id = e.id)
            """, new { entryId, id });
        if (entry == default) return NotFound();
        try
        {
            var reversal = await Ledger.Reverse(db, User.Viewer().UserId, entryId, BrusselsTime.Today, $"{l["Reversal of"]} #{entryId} — {entry.Description}");
            await db.CheckDeferredConstraints();
            await AuditLog.Record(db, User.Viewer(), "journal_entry", entryId, "reversed", $"{Building.Name}: #{reversal}");
            TempData["Notice"] = "The entry is reversed by a counter-entry dated today.";
            return Redirect(Link(id, reversal));
        }
        catch (PostgresException e) when (Ledger.YearProblem(e) is { } message)
        {
            await db.Rollback();
            ModelState.AddModelError("", l[message]);
            return Page();
        }
    }
}
