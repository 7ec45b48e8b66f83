using KoproGo.Domain.Works;
using KoproGo.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace KoproGo.Web.Pages.Problems;

/// <summary>Reporting a problem in a building: what, where, how urgent, with photos; an emergency reaches the syndic's mailbox at once.</summary>
// Five photos from a phone (a few MB each) and the text: more than that is answered with a message by the field.
[RequestSizeLimit(60 * 1024 * 1024)]
[RequestFormLimits(MultipartBodyLengthLimit = 60 * 1024 * 1024)]
public sealed class NewModel(Db db, Notifier notifier, IStringLocalizer<SharedResource> l) : PageModel
{
    public sealed class ReportInput
    {
        public string? Lot { get; set; }
        public string? Place { get; set; }
        public string? Category { get; set; }
        public string? Urgency { get; set; }
        public string? Title { get; set; }
        public string? Description { get; set; }
    }

    [BindProperty] public ReportInput Input { get; set; } = new();
    [BindProperty] public List<IFormFile> Photos { get; set; } = [];

    public IReadOnlyList<ProblemData.Place> Buildings { get; private set; } = [];
    public IReadOnlyList<ProblemData.LotChoice> Lots { get; private set; } = [];
    /// <summary>The building the report is about; null until chosen (among several).</summary>
    public ProblemData.Place? Chosen { get; private set; }

    private async Task Load(long? buildingId)
    {
        Buildings = await ProblemData.Buildings(db, User.Viewer());
        // a building asked for must be one of the viewer's; none asked, the only one there is
        Chosen = buildingId is null ? (Buildings.Count == 1 ? Buildings[0] : null) : Buildings.FirstOrDefault(b => b.BuildingId == buildingId);
        Lots = Chosen is null ? [] : await ProblemData.Lots(db, User.Viewer(), Chosen.BuildingId);
    }

    public async Task<IActionResult> OnGet(long? building)
    {
        await Load(building);
        if (Buildings.Count == 0 || (building is not null && Chosen is null)) return NotFound();
        Input.Urgency = "normal";
        return Page();
    }

    public async Task<IActionResult> OnPost(long? building)
    {
        var viewer = User.Viewer();
        var check = new FormCheck(ModelState, l, "Input");
        await Load(building);
        if (Chosen is null) return NotFound();
        var buildingId = Chosen.BuildingId;
        long? lotId = null;
        if (!string.IsNullOrEmpty(Input.Lot))
        {
            if (long.TryParse(Input.Lot, out var lot) && Lots.Any(x => x.Id == lot)) lotId = lot;
            else check.Error(nameof(ReportInput.Lot), "Choose one of the places offered.");
        }
        var place = check.Optional(nameof(ReportInput.Place), Input.Place, 200) ?? "";
        if (lotId is null && place.Length == 0 && !ModelState.ContainsKey("Input.Lot"))
            check.Error(nameof(ReportInput.Place), "Say where in the common parts (for instance: hall, 2nd floor), or choose your lot.");
        var category = check.Choice(nameof(ReportInput.Category), Input.Category, ProblemReports.Categories);
        var urgency = check.Choice(nameof(ReportInput.Urgency), Input.Urgency, ProblemReports.Urgencies);
        var title = check.Required(nameof(ReportInput.Title), Input.Title, 150);
        var description = check.Required(nameof(ReportInput.Description), Input.Description, 4000);

        var photos = await Infrastructure.Photos.FromUploads(Photos, ProblemReports.MaxPhotos, ProblemReports.PhotoMaxSide, ModelState, l, nameof(Photos));
        if (!ModelState.IsValid) return Page();

        var id = await db.Scalar<long>("""
            insert into problem_reports (organisation_id, building_id, lot_id, place, reporter_id, title, description, category, urgency)
            values (@OrgId, @buildingId, @lotId, @place, @ViewerUserId, @title, @description, @category, @urgency) returning id
            """, viewer.Params(new { buildingId, lotId, place, title, description, category, urgency }));
        for (var i = 0; i < photos.Count; i++)
            await db.Execute("""
                insert into problem_report_photos (report_id, position, content, width, height, added_by) values (@id, @position, @Jpeg, @Width, @Height, @userId)
                """, new { id, position = i + 1, photos[i].Jpeg, photos[i].Width, photos[i].Height, userId = viewer.UserId });
        await AuditLog.Record(db, viewer, "problem_report", id, "reported", AuditLog.Says("{0}: {1}", Chosen.BuildingName, title!));

        var emergency = ProblemReports.MailsSyndicAtOnce(urgency!);
        var news = new Notifier.News(emergency ? "Emergency reported: {0}" : "Problem reported: {0}", [title!], "{0} reported in {1}: {2}",
            [viewer.Name, Chosen.BuildingName, description!], $"/problems/{id}");
        var syndics = await Syndics.UserIds(db, buildingId);
        // An emergency is mailed at once even to a syndic who reads notifications in the app only.
        await notifier.Send(db, syndics.Where(u => u != viewer.UserId), news, mailEveryone: emergency);
        TempData["Notice"] = "Your report has been sent to the syndic.";
        return Redirect($"/problems/{id}");
    }
}
