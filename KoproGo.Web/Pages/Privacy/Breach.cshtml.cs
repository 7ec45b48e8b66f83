using KoproGo.Domain;
using KoproGo.Domain.Privacy;
using KoproGo.Web.Infrastructure;
using KoproGo.Web.Infrastructure.Mail;
using KoproGo.Web.Infrastructure.Pdf;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace KoproGo.Web.Pages.Privacy;

/// <summary>
/// One breach: the deadline to notify the authority (art. 33), the decision with the authority's reference or the reason
/// not to notify, and the persons concerned with the letter telling them (art. 34): by e-mail, or on paper for the post.
/// </summary>
[Authorize(Policy = Policies.Manage)]
public sealed class BreachModel(Db db, Outbox outbox, PdfRenderer pdf, IStringLocalizer<SharedResource> l) : PageModel
{
    public sealed record Info(long Id, string Title, DateTime DiscoveredAt, DateTime RecordedAt, string RecordedBy, string Description, string DataConcerned,
        int? PersonsEstimate, string Consequences, string Measures, bool HighRisk, string State, DateTime? DecidedAt, string AuthorityReference,
        string DecisionReason, string Firm)
    {
        public BreachState StateValue => DataRights.BreachStateOf(State);
        public DateTime Deadline => Breaches.AuthorityDeadline(DiscoveredAt);
    }

    public sealed record Person(long OwnerId, string Name, string? Email, string Language, string? Street, string? Postcode, string? City,
        DateTime? InformedAt, string? Channel);

    /// <summary>A letter to one person concerned: the breach in the syndic's words, framed in the person's language.</summary>
    public sealed record Letter(Info Breach, Person To, string SyndicName, string SyndicEmail);

    public Info Item { get; private set; } = null!;
    public IReadOnlyList<Person> Persons { get; private set; } = [];
    public IReadOnlyList<(long Id, string Name)> Buildings { get; private set; } = [];
    public DateTime Now { get; } = DateTime.UtcNow;

    [BindProperty] public string? NewState { get; set; }
    [BindProperty] public string? Reference { get; set; }
    [BindProperty] public string? Reason { get; set; }
    [BindProperty] public long? BuildingId { get; set; }

    private async Task<bool> Load(long id)
    {
        var viewer = User.Viewer();
        var found = await db.QuerySingleOrDefault<Info>("""
            select b.id, b.title, b.discovered_at, b.recorded_at, b.recorded_by, b.description, b.data_concerned, b.persons_estimate, b.consequences,
                   b.measures, b.high_risk, b.state, b.decided_at, b.authority_reference, b.decision_reason, g.name as firm
            from data_breaches b join organisations g on g.id = b.organisation_id where b.id = @id and b.organisation_id = @OrgId
            """, viewer.Params(new { id }));
        if (found is null) return false;
        Item = found;
        Persons = await db.Query<Person>($"""
            select o.id as owner_id, {Labels.PersonNameSql("o")} as name, o.email, o.language, o.street, o.postcode, o.city, p.informed_at, p.channel
            from data_breach_persons p join owners o on o.id = p.owner_id where p.breach_id = @id order by o.last_name, o.first_name
            """, new { id });
        Buildings = await db.Query<(long, string)>("select id, name from buildings where organisation_id = @OrgId order by name", viewer.Params());
        return true;
    }

    public async Task<IActionResult> OnGet(long id) => await Load(id) ? Page() : NotFound();

    public async Task<IActionResult> OnPostDecide(long id)
    {
        if (!await Load(id)) return NotFound();
        var check = new FormCheck(ModelState, l, "");
        var state = check.Choice(nameof(NewState), NewState, Breaches.Choices(Item.StateValue).Select(s => s.ToCode()).ToArray());
        var reference = check.Optional(nameof(Reference), Reference, 200);
        var reason = check.Optional(nameof(Reason), Reason, 4000);
        if (state == "notified" && reference is null) check.Error(nameof(Reference), "Give the reference the authority gave the notification.");
        if (state == "not_notified" && reason is null) check.Error(nameof(Reason), "Say why the breach is unlikely to result in a risk to the persons.");
        if (state == "notified" && reason is null && Breaches.IsLate(Item.StateValue, Item.DiscoveredAt, DateTime.UtcNow))
            check.Error(nameof(Reason), "Past 72 hours, the notification gives the reasons for the delay (art. 33 §1).");
        if (!check.IsValid) return Page();
        var viewer = User.Viewer();
        await db.Execute("""
            update data_breaches set state = @state,
                decided_at = case when @state in ('notified', 'not_notified') then now() else decided_at end,
                closed_at = case when @state = 'closed' then now() end,
                authority_reference = coalesce(@reference, authority_reference), decision_reason = coalesce(@reason, decision_reason)
            where id = @id
            """, new { id, state, reference, reason });
        await AuditLog.Record(db, viewer, "data_breach", id, state!, AuditLog.Says("{0}: {1}", Item.Title,
            new AuditLog.Term(DataRights.BreachStateText(DataRights.BreachStateOf(state)))), new { state = Item.State }, new { state, reference, reason });
        TempData["Notice"] = "The breach register is updated.";
        return Redirect($"/privacy/breaches/{id}");
    }

    /// <summary>Adds the owners of a building today to the persons concerned (those already listed stay as they are).</summary>
    public async Task<IActionResult> OnPostAddBuilding(long id)
    {
        if (!await Load(id)) return NotFound();
        if (BuildingId is not { } building || Buildings.All(b => b.Id != building))
        {
            ModelState.AddModelError(nameof(BuildingId), l["Choose one of the options offered."]);
            return Page();
        }
        var added = await db.Execute("""
            insert into data_breach_persons (breach_id, organisation_id, owner_id)
            select distinct @id, @OrgId, o.owner_id from lot_ownerships o join lots t on t.id = o.lot_id
            where t.building_id = @building and o.valid_from <= @today and (o.valid_to is null or o.valid_to > @today)
            on conflict do nothing
            """, User.Viewer().Params(new { id, building, today = BrusselsTime.Today }));
        await AuditLog.Record(db, User.Viewer(), "data_breach", id, "persons_added", AuditLog.Says("{0}: {1} persons concerned added", Item.Title, added));
        TempData["Notice"] = "The owners of the building are listed as concerned.";
        return Redirect($"/privacy/breaches/{id}#persons");
    }

    public async Task<IActionResult> OnPostRemovePerson(long id, long ownerId)
    {
        if (!await Load(id)) return NotFound();
        await db.Execute("delete from data_breach_persons where breach_id = @id and owner_id = @ownerId and informed_at is null", new { id, ownerId });
        return Redirect($"/privacy/breaches/{id}#persons");
    }

    /// <summary>
    /// Tells every person listed and not yet told: by e-mail in their language when the register has their address,
    /// otherwise marked for the post (the letters' PDF). Art. 34: when the breach is likely to result in a high risk.
    /// </summary>
    public async Task<IActionResult> OnPostInform(long id)
    {
        if (!await Load(id)) return NotFound();
        var (syndicName, syndicEmail) = await Syndic();
        foreach (var person in Persons.Where(p => p.InformedAt is null))
        {
            var byPost = person.Email is null;
            if (!byPost)
                await outbox.Enqueue(db, new MailRequest(person.Email!, person.Name, person.Language, MailKinds.Legal, "BreachLetter",
                    new Letter(Item, person, syndicName, syndicEmail))
                { OrganisationId = User.Viewer().OrganisationId, DedupeKey = $"breach:{id}:{person.OwnerId}" });
            await db.Execute("update data_breach_persons set informed_at = now(), channel = @channel where breach_id = @id and owner_id = @OwnerId",
                new { id, person.OwnerId, channel = byPost ? "post" : "email" });
        }
        await AuditLog.Record(db, User.Viewer(), "data_breach", id, "persons_informed", AuditLog.Says("{0}: persons concerned informed", Item.Title));
        TempData["Notice"] = "The persons with an e-mail address are informed; print the letters for the others.";
        return Redirect($"/privacy/breaches/{id}#persons");
    }

    public async Task<IActionResult> OnGetLetters(long id, CancellationToken cancellationToken)
    {
        if (!await Load(id)) return NotFound();
        var (syndicName, syndicEmail) = await Syndic();
        var letters = Persons.Where(p => p.Channel == "post").Select(p => new Letter(Item, p, syndicName, syndicEmail)).ToList();
        if (letters.Count == 0) return NotFound();
        var language = Languages.Current;
        return await pdf.Download("/Pdf/BreachLetters.cshtml", letters, language,
            new PdfFrame(Languages.Text(language, "Personal data breach"), BrusselsTime.Today.ToString("d"), $"#{id}"), $"breach-{id}-letters.pdf", cancellationToken);
    }

    /// <summary>Who signs the letters: the syndic writing them.</summary>
    private Task<(string Name, string Email)> Syndic() => db.QuerySingle<(string, string)>(
        "select display_name, email from users where id = @ViewerUserId", User.Viewer().Params());
}
