using KoproGo.Domain.Works;
using KoproGo.Web.Infrastructure;
using KoproGo.Web.Infrastructure.Documents;
using KoproGo.Web.Pages.Documents;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace KoproGo.Web.Pages.Maintenance;

/// <summary>
/// One piece of equipment: its facts, its inspections, the next one due; the syndic records an inspection, and a result
/// that is not compliant opens a problem report so that the actions asked are followed up.
/// </summary>
[Authorize(Policy = Policies.BuildingReader)]
[RequestSizeLimit(25 * 1024 * 1024)]
[RequestFormLimits(MultipartBodyLengthLimit = 25 * 1024 * 1024)]
public sealed class EquipmentModel(Db db, IDocumentStorage storage, IStringLocalizer<SharedResource> l) : PageModel
{
    public sealed class InspectionInput
    {
        public string? DoneOn { get; set; }
        public string? Body { get; set; }
        public string? Result { get; set; }
        public string? Notes { get; set; }
    }

    public sealed record Done(DateOnly DoneOn, string Body, string Result, string Notes, long? ProblemReportId, long? DocumentId);

    [BindProperty] public InspectionInput Input { get; set; } = new();
    /// <summary>The inspector's report, a PDF kept with the building's documents (for the board too).</summary>
    [BindProperty] public IFormFile? Report { get; set; }
    public MaintenanceData.Equipment Item { get; private set; } = null!;
    public IReadOnlyList<Done> History { get; private set; } = [];

    private async Task<bool> Load(long id)
    {
        if (await MaintenanceData.Find(db, User.Viewer(), id) is not { } item) return false;
        Item = item;
        // a piece of equipment sees one or two inspections a year: its whole history fits one page
        History = await db.Query<Done>("select done_on, body, result, notes, problem_report_id, document_id from inspections where equipment_id = @id order by done_on desc, id desc",
            new { id });
        return true;
    }

    public async Task<IActionResult> OnGet(long id)
    {
        if (!await Load(id)) return NotFound();
        Input.Body = Item.InspectionBody;
        Input.DoneOn = BrusselsTime.Today.ToString("yyyy-MM-dd");
        return Page();
    }

    public async Task<IActionResult> OnPost(long id, CancellationToken cancellationToken)
    {
        var viewer = User.Viewer();
        if (!viewer.IsSyndic || !await Load(id)) return NotFound();
        var check = new FormCheck(ModelState, l, "Input");
        var doneOn = check.Date(nameof(InspectionInput.DoneOn), Input.DoneOn, required: true);
        if (doneOn > BrusselsTime.Today) check.Error(nameof(InspectionInput.DoneOn), "This date is in the future.");
        var body = check.Required(nameof(InspectionInput.Body), Input.Body, 150);
        var result = check.Choice(nameof(InspectionInput.Result), Input.Result, Inspections.Results);
        var notes = check.Optional(nameof(InspectionInput.Notes), Input.Notes, 2000) ?? "";
        if (result is not null && Inspections.OpensAProblem(result) && notes.Length == 0)
            check.Error(nameof(InspectionInput.Notes), "Write what the inspector asked to be done.");
        var reportSent = await DocumentRules.PdfSent(Report, ModelState, l, nameof(Report), "Send the report as a PDF file.");
        if (!ModelState.IsValid) return Page();
        long? documentId = null;
        if (reportSent)
        {
            await using var content = Report!.OpenReadStream();
            documentId = await DocumentRules.Store(db, storage, viewer, new DocumentRules.NewDocument(Item.BuildingId, "other", "board",
                FormInput.Cut($"{l["Inspection report"].Value}: {Item.Name}, {doneOn!.Value:yyyy-MM-dd}", 200), FileKinds.SafeName(Report.FileName, FileKinds.Pdf),
                FileKinds.Pdf.ContentType, Generated: false), content, cancellationToken);
        }

        long? problem = null;
        if (Inspections.OpensAProblem(result!))
            problem = await db.Scalar<long>("""
                insert into problem_reports (organisation_id, building_id, place, reporter_id, title, description, category, urgency)
                select organisation_id, building_id, @Name, @ViewerUserId, @title, @notes, @category, 'high' from equipment where id = @id returning id
                """, viewer.Params(new { id, Item.Name, title = FormInput.Cut(l["Inspection not compliant: {0}", Item.Name].Value, 150), notes, category = Inspections.ProblemCategory(Item.Kind) }));
        await db.Execute("""
            insert into inspections (equipment_id, done_on, body, result, notes, problem_report_id, recorded_by, document_id)
            values (@id, @doneOn, @body, @result, @notes, @problem, @userId, @documentId)
            """, new { id, doneOn, body, result, notes, problem, userId = viewer.UserId, documentId });
        await AuditLog.Record(db, viewer, "equipment", id, "inspected", AuditLog.Says("{0}: {1}", Item.Name, new AuditLog.Term(Labels.InspectionResult(result!))));
        TempData["Notice"] = problem is null ? "The inspection is recorded." : "The inspection is recorded, and a problem report opened for the actions asked.";
        return Redirect($"/maintenance/{id}");
    }
}
