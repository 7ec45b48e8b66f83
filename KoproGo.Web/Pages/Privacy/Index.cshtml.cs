using KoproGo.Domain;
using KoproGo.Domain.Privacy;
using KoproGo.Web.Infrastructure;
using KoproGo.Web.Infrastructure.Documents;
using KoproGo.Web.Infrastructure.Mail;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Quartz;

namespace KoproGo.Web.Pages.Privacy;

/// <summary>
/// "My data": a person's GDPR rights, self-served — their details corrected (art. 16), a copy of their data (art. 15,
/// 20), objections per purpose (art. 21), a restriction (art. 18), a correction of the owners' register or an erasure
/// (art. 17) asked of the syndic firm, and where each request stands.
/// </summary>
public sealed class IndexModel(Db db, Outbox outbox, ISchedulerFactory schedulers, IDocumentStorage storage, IStringLocalizer<SharedResource> l) : PageModel
{
    public sealed class DetailsInput
    {
        public string? DisplayName { get; set; }
        public string? Phone { get; set; }
        public string? Street { get; set; }
        public string? Postcode { get; set; }
        public string? City { get; set; }
        public string? Country { get; set; } = "BE";
    }

    public sealed record DataRequest(long Id, string Kind, string State, string Details, DateTime CreatedAt, DateOnly? DueOn, DateTime? AnsweredAt,
        string Answer, int ProgressDone, int ProgressTotal, string? FileKey, DateTime? FileExpiresAt)
    {
        public DataRequestKind KindValue => DataRights.KindOf(Kind);
        public DataRequestState StateValue => DataRights.StateOf(State);
        public bool Downloadable => FileKey is not null && FileExpiresAt > DateTime.UtcNow;
    }

    [BindProperty] public DetailsInput Details { get; set; } = new();
    [BindProperty] public string? Correction { get; set; }
    [BindProperty] public string? CommunityContent { get; set; }
    [BindProperty] public List<string> Objections { get; set; } = [];

    public string Firm { get; private set; } = "";
    public bool IsOwner { get; private set; }
    public DateTime? RestrictedSince { get; private set; }
    public IReadOnlyList<DataRequest> Requests { get; private set; } = [];
    public DataRequest? ExportUnderWay => Requests.FirstOrDefault(r => r.KindValue == DataRequestKind.Export && DataRequests.IsOpen(r.StateValue));
    public bool ErasureOpen => Requests.Any(r => r.KindValue == DataRequestKind.Erasure && r.StateValue is DataRequestState.AwaitingConfirmation
        or DataRequestState.Received or DataRequestState.InProgress);
    public int Sections => DataExport.Sections.Length;
    /// <summary>What htmx sends back while an export is made: the page answers 204 while nothing changed.</summary>
    public string ProgressFingerprint => ExportUnderWay is { } e ? $"{e.Id}:{e.State}:{e.ProgressDone}" : "none";

    private sealed record Me(string DisplayName, string Firm, long? OwnerId, DateTime? RestrictedSince, string? Phone, string? Street, string? Postcode,
        string? City, string? Country);

    private async Task Load(bool withInput)
    {
        var me = await db.QuerySingle<Me>("""
            select u.display_name, g.name as firm, u.owner_id, u.restricted_since, o.phone, o.street, o.postcode, o.city, o.country
            from users u join organisations g on g.id = u.organisation_id left join owners o on o.id = u.owner_id
            where u.id = @ViewerUserId
            """, User.Viewer().Params());
        (Firm, IsOwner, RestrictedSince) = (me.Firm, me.OwnerId is not null, me.RestrictedSince);
        if (withInput)
        {
            Details = new DetailsInput { DisplayName = me.DisplayName, Phone = me.Phone, Street = me.Street, Postcode = me.Postcode, City = me.City, Country = me.Country ?? "BE" };
            Objections = [.. await db.Query<string>("select purpose from privacy_objections where user_id = @ViewerUserId", User.Viewer().Params())];
        }
        // A person makes at most ten requests an hour: the 30 latest say where everything recent stands.
        Requests = await db.Query<DataRequest>("""
            select id, kind, state, details, created_at, due_on, answered_at, answer, progress_done, progress_total, file_key, file_expires_at
            from privacy_requests where user_id = @ViewerUserId order by created_at desc, id desc limit 30
            """, User.Viewer().Params());
    }

    public Task OnGet() => Load(withInput: true);

    /// <summary>htmx, while a copy is made: the progress part, or 204 when it has not moved since the fingerprint sent.</summary>
    public async Task<IActionResult> OnGetProgress(string? seen)
    {
        await Load(withInput: false);
        return seen == ProgressFingerprint ? new NoContentResult() : Partial("_ExportProgress", this);
    }

    private async Task<IActionResult> Invalid()
    {
        await Load(withInput: false);
        Objections = [.. await db.Query<string>("select purpose from privacy_objections where user_id = @ViewerUserId", User.Viewer().Params())];
        return Page();
    }

    public async Task<IActionResult> OnPostDetails()
    {
        var check = new FormCheck(ModelState, l, "Details");
        var name = check.Required(nameof(DetailsInput.DisplayName), Details.DisplayName, 200);
        var phone = check.Phone(nameof(DetailsInput.Phone), Details.Phone, required: false);
        var address = check.Address(Details.Street, Details.Postcode, Details.City, Details.Country);
        if (!check.IsValid) return await Invalid();
        var viewer = User.Viewer();
        var before = await db.QuerySingle<(string Name, string? Phone, string? Street, string? Postcode, string? City, string? Country)>("""
            select u.display_name, o.phone, o.street, o.postcode, o.city, o.country from users u left join owners o on o.id = u.owner_id where u.id = @ViewerUserId
            """, viewer.Params());
        await db.Execute("update users set display_name = @name where id = @ViewerUserId", viewer.Params(new { name }));
        await db.Execute("""
            update owners set phone = @phone, street = @Street, postcode = @Postcode, city = @City, country = @Country
            where id = @ViewerOwnerId and organisation_id = @OrgId
            """, viewer.Params(new { phone, address.Street, address.Postcode, address.City, address.Country }));
        await AuditLog.Record(db, viewer, "user", viewer.UserId, "updated", AuditLog.Says("Corrected their own details"),
            new { name = before.Name, before.Phone, before.Street, before.Postcode, before.City, before.Country },
            new { name, phone, address.Street, address.Postcode, address.City, address.Country });
        TempData["Notice"] = "Your details have been saved.";
        return RedirectToPage();
    }

    /// <summary>Made, or why not, as the message by the button (the form has no other field).</summary>
    private async Task<IActionResult> After(DataRights.Asked asked, string field, string notice)
    {
        if (asked == DataRights.Asked.TooMany)
            ModelState.AddModelError(field, l["You made {0} requests in the last hour. Please try again later.", DataRequests.MaxPerHour]);
        else if (asked == DataRights.Asked.AlreadyOpen)
            ModelState.AddModelError(field, l["A request of this kind is already under way."]);
        if (!ModelState.IsValid) return await Invalid();
        TempData["Notice"] = notice;
        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostExport()
    {
        var (asked, _) = await DataRights.Ask(db, User.Viewer(), DataRequestKind.Export);
        if (asked == DataRights.Asked.Made)
        {
            await db.Commit();
            await (await schedulers.GetScheduler()).TriggerJob(new JobKey(DataExport.JobKey));
        }
        return await After(asked, "Export", "Your copy is being made. We will e-mail you when it is ready.");
    }

    public async Task<IActionResult> OnGetDownload(long id)
    {
        var file = await db.QuerySingleOrDefault<(string Key, DateTime AnsweredAt)>("""
            select file_key, answered_at from privacy_requests
            where id = @id and user_id = @ViewerUserId and kind = 'export' and file_key is not null and file_expires_at > now()
            """, User.Viewer().Params(new { id }));
        if (file.Key is null) return NotFound();
        return File(storage.Open(file.Key), "application/zip", DataExport.FileName(file.AnsweredAt));
    }

    public async Task<IActionResult> OnPostObjections()
    {
        var viewer = User.Viewer();
        var chosen = Objections.Where(c => Codes.TryParse<DataPurpose>(c, out _)).Select(c => Codes.TryParse<DataPurpose>(c, out var p) ? p.ToCode() : c)
            .Distinct().ToArray();
        var before = await db.Query<string>("select purpose from privacy_objections where user_id = @ViewerUserId order by purpose", viewer.Params());
        await db.Execute("delete from privacy_objections where user_id = @ViewerUserId and purpose <> all(@chosen)", viewer.Params(new { chosen }));
        await db.Execute("""
            insert into privacy_objections (user_id, purpose) select @ViewerUserId, unnest(@chosen) on conflict do nothing
            """, viewer.Params(new { chosen }));
        if (chosen.Contains(DataPurpose.Directory.ToCode())) await DataRights.Unlist(db, viewer.UserId);
        await AuditLog.Record(db, viewer, "user", viewer.UserId, "objections_changed", AuditLog.Says("Changed their objections"),
            new { objections = before }, new { objections = chosen.Order().ToArray() });
        TempData["Notice"] = "Your choices have been saved.";
        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostRestrict()
    {
        var viewer = User.Viewer();
        var (asked, _) = await DataRights.Ask(db, viewer, DataRequestKind.Restriction);
        if (asked == DataRights.Asked.Made)
        {
            await db.Execute("update users set restricted_since = now() where id = @ViewerUserId and restricted_since is null", viewer.Params());
            await DataRights.Unlist(db, viewer.UserId);
        }
        return await After(asked, "Restrict", "Processing of your data is restricted until the syndic lifts it.");
    }

    public async Task<IActionResult> OnPostCorrection()
    {
        var correction = new FormCheck(ModelState, l, "").Required(nameof(Correction), Correction, 4000);
        if (correction is null) return await Invalid();
        var (asked, _) = await DataRights.Ask(db, User.Viewer(), DataRequestKind.Rectification, correction);
        return await After(asked, nameof(Correction), "Your request has been sent to the syndic.");
    }

    public async Task<IActionResult> OnPostErase()
    {
        var remove = new FormCheck(ModelState, l, "").Choice(nameof(CommunityContent), CommunityContent, ["keep", "remove"]);
        if (remove is null) return await Invalid();
        var viewer = User.Viewer();
        var token = AccountTokens.NewSecret();
        var (asked, _) = await DataRights.Ask(db, viewer, DataRequestKind.Erasure, "", remove == "remove", AccountTokens.Hash(token));
        if (asked == DataRights.Asked.Made)
        {
            var me = await db.QuerySingle<(string Email, string DisplayName, string Language)>(
                "select email, display_name, language from users where id = @ViewerUserId", viewer.Params());
            var title = Languages.Text(me.Language, "Confirm the erasure of your data");
            var body = Languages.Text(me.Language, "You asked the syndic to erase your data. Open the link within two days to confirm; until then nothing happens.");
            await outbox.Enqueue(db, new MailRequest(me.Email, me.DisplayName, me.Language, MailKinds.Account, "Notification",
                new Notifier.Mail(title, body, outbox.Link($"/account/data/confirm?token={token}"))) { OrganisationId = viewer.OrganisationId });
        }
        return await After(asked, nameof(CommunityContent), "We have sent you an e-mail: open its link to confirm the erasure.");
    }
}
