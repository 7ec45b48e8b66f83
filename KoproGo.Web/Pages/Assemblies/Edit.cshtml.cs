using KoproGo.Domain.Assemblies;
using KoproGo.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace KoproGo.Web.Pages.Assemblies;

/// <summary>Prepares an assembly (or changes one in preparation): kind, date and time, place, video link.</summary>
[Authorize(Policy = Policies.Manage)]
public sealed class EditModel(Db db, IStringLocalizer<SharedResource> l) : PageModel
{
    public sealed class AssemblyInput
    {
        public string? Kind { get; set; } = "ordinary";
        public string? Date { get; set; }
        public string? Time { get; set; } = "19:00";
        public string? Place { get; set; }
        public string? VideoLink { get; set; }
    }

    [BindProperty] public AssemblyInput Input { get; set; } = new();
    public long? Id { get; private set; }
    public long BuildingId { get; private set; }
    public string BuildingName { get; private set; } = "";
    public DateOnly? EarliestDate { get; private set; }

    private sealed record BuildingRef(long Id, string Name, string Street, string Postcode, string City);

    private async Task<bool> Load(long? id, long? building)
    {
        var viewer = User.Viewer();
        if (id is { } assemblyId)
        {
            var a = await AssemblyData.Find(db, viewer, assemblyId);
            if (a is null || !a.IsDraft) return false;
            (Id, BuildingId, BuildingName) = (a.Id, a.BuildingId, a.BuildingName);
            if (a.FirstAssemblyId is { } first)
            {
                var firstMeeting = await db.Scalar<DateTime>("select meeting_at from assemblies where id = @first", new { first });
                EarliestDate = Delays.EarliestSecondAssembly(DateOnly.FromDateTime(BrusselsTime.FromUtc(firstMeeting)));
            }
            if (!Request.HasFormContentType)
                Input = new AssemblyInput
                {
                    Kind = a.Kind, Date = a.MeetingDate.ToString("yyyy-MM-dd"), Time = a.MeetingLocal.ToString("HH:mm"),
                    Place = a.Place, VideoLink = a.VideoLink,
                };
            return true;
        }
        var b = await db.QuerySingleOrDefault<BuildingRef>(
            $"select b.id, b.name, b.street, b.postcode, b.city from buildings b where b.id = @building and {Viewer.VisibleBuilding}",
            viewer.Params(new { building }));
        if (b is null) return false;
        (BuildingId, BuildingName) = (b.Id, b.Name);
        if (!Request.HasFormContentType) Input.Place = $"{b.Street}, {b.Postcode} {b.City}";
        return true;
    }

    public async Task<IActionResult> OnGet(long? id, long? building) => await Load(id, building) ? Page() : NotFound();

    public async Task<IActionResult> OnPost(long? id, long? building)
    {
        if (!await Load(id, building)) return NotFound();
        var check = new FormCheck(ModelState, l, "Input");
        var kind = Input.Kind is "ordinary" or "extraordinary" ? Input.Kind : null;
        if (kind is null) check.Error(nameof(Input.Kind), "Choose one of the types offered.");
        var date = check.Date(nameof(Input.Date), Input.Date, required: true);
        TimeOnly? time = null;
        if (FormInput.Trimmed(Input.Time) is null) check.Error(nameof(Input.Time), "This field is required.");
        else if (TimeOnly.TryParseExact(Input.Time!.Trim(), "HH:mm", out var t)) time = t;
        else check.Error(nameof(Input.Time), "Enter a time like 19:30.");
        var place = check.Required(nameof(Input.Place), Input.Place, 300);
        var video = check.Optional(nameof(Input.VideoLink), Input.VideoLink, 500);
        if (video is not null && !(Uri.TryCreate(video, UriKind.Absolute, out var uri) && uri.Scheme == "https"))
            check.Error(nameof(Input.VideoLink), "Enter a secure link starting with https://.");
        if (date is { } d && d < BrusselsTime.Today) check.Error(nameof(Input.Date), "The date of the meeting cannot be in the past.");
        if (date is { } d2 && EarliestDate is { } earliest && d2 < earliest)
            check.Error(nameof(Input.Date), "A second assembly meets at least 15 days after the first: on {0} at the earliest (art. 3.87 §5).", earliest.ToString("d"));
        if (!ModelState.IsValid) return Page();

        var meetingAt = BrusselsTime.ToUtc(date!.Value, time!.Value);
        var viewer = User.Viewer();
        if (Id is { } assemblyId)
        {
            await db.Execute("""
                update assemblies set kind = @kind, meeting_at = @meetingAt, place = @place, video_link = @video
                where id = @assemblyId and status = 'draft'
                """, new { kind, meetingAt, place, video, assemblyId });
            TempData["Notice"] = "The assembly has been saved.";
            return Redirect($"/assemblies/{assemblyId}");
        }
        var newId = await db.Scalar<long>("""
            insert into assemblies (organisation_id, building_id, kind, meeting_at, place, video_link)
            select organisation_id, id, @kind, @meetingAt, @place, @video from buildings where id = @BuildingId
            returning id
            """, new { kind, meetingAt, place, video, BuildingId });
        await AuditLog.Record(db, viewer, "assembly", newId, "created", AuditLog.Says("{0}: {1} on {2} {3}", BuildingName, new AuditLog.Term(Labels.AssemblyKind(kind!)), date, time));
        TempData["Notice"] = "The assembly has been saved.";
        return Redirect($"/assemblies/{newId}");
    }
}
