using System.Security.Cryptography;
using KoproGo.Domain.Energy;
using KoproGo.Web.Infrastructure;
using KoproGo.Web.Pages.Accounting;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Npgsql;
using Quartz;

namespace KoproGo.Web.Pages.Energy;

/// <summary>
/// A building's meter-reading files from sub-metering firms: the upload (ista CSV or XML, or any CSV whose columns the
/// syndic names once per provider), checked whole first; a file with faulty lines is refused with them, or imported
/// without them, as the syndic chooses. The imports made, newest first.
/// </summary>
[Authorize(Policy = Policies.Staff)]
[RequestFormLimits(MultipartBodyLengthLimit = MeterImporting.MaxFileBytes + 64 * 1024)]
public sealed class MeterImportsModel(Db db, IStringLocalizer<SharedResource> l, ISchedulerFactory schedulers) : PageModel
{
    public const int PageSize = 20;
    public static readonly string[] FaultyChoices = ["refuse", "skip"];

    public sealed class UploadInput
    {
        public string? Provider { get; set; }
        public string? Format { get; set; }
        /// <summary>"refuse": a file with a faulty line is refused whole; "skip": imported without its faulty lines (listed).</summary>
        public string? Faulty { get; set; }
    }

    public sealed record ImportRow(long Id, string FileName, string Provider, string Format, string State, DateTime ImportedAt,
        long Lines, long Waiting, long Unknown, long Faulty);

    [BindProperty] public UploadInput Upload { get; set; } = new();
    [BindProperty] public IFormFile? Readings { get; set; }

    public AccountingBuilding Building { get; private set; } = null!;
    public IReadOnlyList<ImportRow> Imports { get; private set; } = [];
    public Paging Paging { get; private set; } = null!;

    private async Task<bool> Load(long id, int page = 1)
    {
        var building = await AccountingBuilding.Find(db, User.Viewer(), id);
        if (building is null || !building.CanEnter) return false;
        Building = building;
        page = Paging.Clamp(page);
        var total = await db.Scalar<long>("select count(*) from meter_imports where building_id = @id", new { id });
        Paging = new Paging(page, PageSize, total, $"/buildings/{id}/meter-imports", new Dictionary<string, string?>());
        Imports = await db.Query<ImportRow>("""
            select i.id, i.file_name, i.provider, i.format, i.state, i.imported_at,
                   count(l.line_no) as lines, count(l.line_no) filter (where l.outcome is null) as waiting,
                   count(l.line_no) filter (where l.outcome = 'unknown') as unknown, count(l.line_no) filter (where l.outcome = 'faulty') as faulty
            from meter_imports i left join meter_import_lines l on l.import_id = i.id
            where i.building_id = @id group by i.id order by i.imported_at desc, i.id desc limit @PageSize offset @skip
            """, new { id, PageSize, skip = (page - 1) * PageSize });
        return true;
    }

    public async Task<IActionResult> OnGet(long id, int page = 1)
    {
        if (!await Load(id, page)) return NotFound();
        (Upload.Provider, Upload.Format, Upload.Faulty) = ("ista", MeterFiles.IstaCsv, "refuse");
        return Page();
    }

    /// <summary>The form back with its errors: alone when htmx sent it, within the whole page otherwise.</summary>
    private IActionResult FormWithErrors() => Request.WantsFragment() ? Partial("_MeterImportForm", this) : Page();

    public async Task<IActionResult> OnPostUpload(long id)
    {
        if (!await Load(id)) return NotFound();
        var check = new FormCheck(ModelState, l, nameof(Upload));
        var provider = check.Required(nameof(Upload.Provider), Upload.Provider?.ToLowerInvariant(), 60);
        var format = check.Choice(nameof(Upload.Format), Upload.Format, MeterFiles.Formats);
        var faulty = check.Choice(nameof(Upload.Faulty), Upload.Faulty, FaultyChoices);
        var fileCheck = new FormCheck(ModelState, l, "");
        if (Readings is null || Readings.Length == 0) fileCheck.Error(nameof(Readings), "Choose the file of readings.");
        else if (Readings.Length > MeterImporting.MaxFileBytes) fileCheck.Error(nameof(Readings), "This file is larger than 5 MB: import it in parts.");
        if (!ModelState.IsValid) return FormWithErrors();

        await using var stream = Readings!.OpenReadStream();
        var sha256 = Convert.ToHexStringLower(await SHA256.HashDataAsync(stream));
        stream.Position = 0;
        if (await MeterImporting.Earlier(db, id, sha256) is { } earlier) return AlreadyImported(earlier);
        if (MeterFiles.EncodingOf(stream) is not { } encoding)
        {
            fileCheck.Error(nameof(Readings), "This file is not a text file (CSV or XML).");
            return FormWithErrors();
        }
        var fileName = Path.GetFileName(Readings.FileName) is { Length: > 0 and <= 200 } name ? name : "readings";
        ColumnMapping? mapping = null;
        if (format == MeterFiles.MappedCsv && (mapping = await MeterImporting.Mapping(db, id, provider!)) is null)
        {
            // its columns are named on the import's page first: the file waits there
            using var content = new MemoryStream();
            await stream.CopyToAsync(content);
            var waiting = await Insert(id, provider!, format, fileName, sha256, faulty == "skip", content.ToArray());
            TempData["Notice"] = "Say which column holds what: it is remembered for this provider.";
            return this.SeeOther($"/meter-imports/{waiting}");
        }
        long importId;
        try
        {
            importId = await Insert(id, provider!, format!, fileName, sha256, faulty == "skip", null);
        }
        catch (PostgresException e) when (e.ConstraintName == "meter_imports_once")
        {
            // the same file sent twice at once: the other request imported it
            await db.Rollback();
            return await MeterImporting.Earlier(db, id, sha256) is { } other ? AlreadyImported(other) : FormWithErrors();
        }
        using var text = MeterFiles.OpenText(stream, encoding);
        var file = await MeterImporting.StoreLines(db, importId, MeterImporting.Read(format!, text, mapping, BrusselsTime.Today), HttpContext.RequestAborted);
        if (MeterImporting.Refusal(file, faulty == "skip", l) is { } refusal)
        {
            await db.Rollback();
            fileCheck.Error(nameof(Readings), refusal.Key, refusal.Args);
            return FormWithErrors();
        }
        await AuditLog.Record(db, User.Viewer(), "meter_import", importId, "created", AuditLog.Says("Meter readings imported: {0}", fileName));
        await db.Commit();
        await MeterImporting.Start(schedulers);
        TempData["Notice"] = "The file is imported: its readings are being stored.";
        return this.SeeOther($"/meter-imports/{importId}");
    }

    private IActionResult AlreadyImported(long earlier)
    {
        TempData["Notice"] = "This file was imported already: nothing changed.";
        return this.SeeOther($"/meter-imports/{earlier}");
    }

    private Task<long> Insert(long id, string provider, string format, string fileName, string sha256, bool skipFaulty, byte[]? content) =>
        MeterImporting.Create(db, User.Viewer().OrganisationId, id, User.Viewer().UserId, provider, format, fileName, sha256, skipFaulty, content);
}
