using KoproGo.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace KoproGo.Web.Pages.Privacy;

/// <summary>One activity of the register rewritten by the syndic, or a new one of the firm's own ("new").</summary>
[Authorize(Policy = Policies.Manage)]
public sealed class ActivityModel(Db db, IStringLocalizer<SharedResource> l) : PageModel
{
    public sealed class ActivityInput
    {
        public string? Purpose { get; set; }
        public string? LegalBasis { get; set; }
        public string? DataCategories { get; set; }
        public string? Persons { get; set; }
        public string? Recipients { get; set; }
        public string? Retention { get; set; }
        public string? Security { get; set; }
    }

    [BindProperty] public ActivityInput Input { get; set; } = new();
    public bool IsNew { get; private set; }
    public bool Restorable { get; private set; }

    private async Task<ProcessingActivity?> Find(string key)
    {
        IsNew = key == "new";
        if (IsNew) return null;
        var found = (await ProcessingRegister.Of(db, User.Viewer().OrganisationId)).FirstOrDefault(a => a.Key == key);
        Restorable = found is { Written: true } && ProcessingRegister.Defaults.Any(d => d.Key == key);
        return found;
    }

    public async Task<IActionResult> OnGet(string key)
    {
        var a = await Find(key);
        if (a is null && !IsNew) return NotFound();
        if (a is not null)
        {
            string T(string text) => a.Written ? text : l[text].Value;
            Input = new ActivityInput
            {
                Purpose = T(a.Purpose), LegalBasis = T(a.LegalBasis), DataCategories = T(a.DataCategories), Persons = T(a.Persons),
                Recipients = T(a.Recipients), Retention = T(a.Retention), Security = T(a.Security),
            };
        }
        return Page();
    }

    public async Task<IActionResult> OnPost(string key)
    {
        if (await Find(key) is null && !IsNew) return NotFound();
        var check = new FormCheck(ModelState, l, nameof(Input));
        var values = new
        {
            purpose = check.Required(nameof(ActivityInput.Purpose), Input.Purpose, 500),
            legalBasis = check.Required(nameof(ActivityInput.LegalBasis), Input.LegalBasis, 1000),
            dataCategories = check.Required(nameof(ActivityInput.DataCategories), Input.DataCategories, 2000),
            persons = check.Required(nameof(ActivityInput.Persons), Input.Persons, 1000),
            recipients = check.Required(nameof(ActivityInput.Recipients), Input.Recipients, 2000),
            retention = check.Required(nameof(ActivityInput.Retention), Input.Retention, 2000),
            security = check.Required(nameof(ActivityInput.Security), Input.Security, 2000),
        };
        if (!check.IsValid) return Page();
        var viewer = User.Viewer();
        var activityKey = IsNew ? $"own-{Guid.NewGuid():N}"[..16] : key;
        await db.Execute("""
            insert into processing_activities (organisation_id, activity_key, purpose, legal_basis, data_categories, persons, recipients, retention, security, updated_by)
            values (@OrgId, @activityKey, @purpose, @legalBasis, @dataCategories, @persons, @recipients, @retention, @security, @Name)
            on conflict (organisation_id, activity_key) do update set purpose = excluded.purpose, legal_basis = excluded.legal_basis,
                data_categories = excluded.data_categories, persons = excluded.persons, recipients = excluded.recipients,
                retention = excluded.retention, security = excluded.security, updated_at = now(), updated_by = excluded.updated_by
            """, viewer.Params(new { activityKey, values.purpose, values.legalBasis, values.dataCategories, values.persons, values.recipients,
                values.retention, values.security, viewer.Name }));
        await AuditLog.Record(db, viewer, "processing_activity", null, "saved", AuditLog.Says("Register of processing: {0}", values.purpose), after: values);
        TempData["Notice"] = "The register is saved. If the change matters to the persons, publish a new version of the privacy notice.";
        return Redirect("/privacy/register");
    }

    /// <summary>Back to KoproGo's prefilled text for this activity.</summary>
    public async Task<IActionResult> OnPostRestore(string key)
    {
        if (await Find(key) is null || !Restorable) return NotFound();
        await db.Execute("delete from processing_activities where organisation_id = @OrgId and activity_key = @key", User.Viewer().Params(new { key }));
        await AuditLog.Record(db, User.Viewer(), "processing_activity", null, "restored", AuditLog.Says("Register of processing: KoproGo's text restored ({0})", key));
        TempData["Notice"] = "KoproGo's text is back.";
        return Redirect("/privacy/register");
    }
}
