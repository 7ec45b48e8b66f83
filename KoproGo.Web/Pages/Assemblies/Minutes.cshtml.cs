using KoproGo.Web.Infrastructure;
using KoproGo.Web.Infrastructure.Documents;
using KoproGo.Web.Infrastructure.Mail;
using KoproGo.Web.Infrastructure.Pdf;
using KoproGo.Web.Pages.Documents;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace KoproGo.Web.Pages.Assemblies;

public sealed record MinutesView(Assembly Assembly, IReadOnlyList<AgendaItem> Items, IReadOnlyList<Member> Members, string Text);

/// <summary>
/// The minutes: the draft written at the close of the session, edited by the syndic, then finalised as a PDF in the
/// building's language, kept as a document for the owners and sent to every owner convened (within 30 days).
/// </summary>
[Authorize(Policy = Policies.Manage)]
public sealed class MinutesModel(Db db, PdfRenderer pdf, IDocumentStorage storage, Outbox outbox, Notifier notifier, IStringLocalizer<SharedResource> l) : PageModel
{
    public Assembly Item { get; private set; } = null!;
    [BindProperty] public string? Text { get; set; }

    private async Task<bool> Load(long id)
    {
        var assembly = await AssemblyData.Find(db, User.Viewer(), id);
        if (assembly is null || assembly.Status != "closed") return false;
        Item = assembly;
        if (!Request.HasFormContentType) Text = assembly.Minutes;
        return true;
    }

    public async Task<IActionResult> OnGet(long id) => await Load(id) ? Page() : NotFound();

    private string? CheckedText()
    {
        if (Item.MinutesSentAt is not null) ModelState.AddModelError("", l["The minutes have been sent: they can no longer change."]);
        var check = new FormCheck(ModelState, l, "");
        return check.Required(nameof(Text), Text, 200000);
    }

    public async Task<IActionResult> OnPost(long id)
    {
        if (!await Load(id)) return NotFound();
        var text = CheckedText();
        if (!ModelState.IsValid) return Page();
        await db.Execute("update assemblies set minutes = @text where id = @id", new { text, id });
        TempData["Notice"] = "The minutes have been saved.";
        return Redirect($"/assemblies/{id}/minutes");
    }

    public async Task<IActionResult> OnPostSend(long id, CancellationToken cancellationToken)
    {
        if (!await Load(id)) return NotFound();
        if (await AssemblyData.LockStatus(db, id) != "closed") return NotFound();
        var text = CheckedText();
        if (!ModelState.IsValid) return Page();
        var members = await AssemblyData.Members(db, id);
        var view = new MinutesView(Item, await AssemblyData.Items(db, id), members, text!);
        var lang = Item.BuildingLanguage;
        byte[] bytes;
        try
        {
            bytes = await pdf.Render("/Pdf/Minutes.cshtml", view, lang, Convocations.Frame(Item, lang), cancellationToken);
        }
        catch (PdfUnavailableException)
        {
            return StatusCode(StatusCodes.Status503ServiceUnavailable);
        }
        var viewer = User.Viewer();
        var title = $"{Languages.Text(lang, "Minutes")} · {Languages.Text(lang, Labels.AssemblyKind(Item.Kind))} · {Item.MeetingDate.ToString("d", Languages.Culture(lang))}";
        using var content = new MemoryStream(bytes);
        var documentId = await DocumentRules.Store(db, storage, viewer, new DocumentRules.NewDocument(Item.BuildingId, "minutes", "owners", title,
            $"minutes-{Item.MeetingDate:yyyy-MM-dd}.pdf", "application/pdf", Generated: true), content, cancellationToken);
        await db.Execute("update assemblies set minutes = @text, minutes_document_id = @documentId, minutes_sent_at = now() where id = @id",
            new { text, documentId, id });
        var footer = await MailFooter.Of(db, Item.BuildingId);
        foreach (var m in members.Where(m => m.Email is not null && m.Channel == "email"))
            await outbox.Enqueue(db, new MailRequest(m.Email!, m.Name, m.Language, MailKinds.Legal, "Minutes",
                new AssemblyMail(m.Name, Item.BuildingName, Item.Kind, Item.MeetingLocal, Item.Place, outbox.Link($"/convocation/{m.Token}")))
            {
                OrganisationId = viewer.OrganisationId, BuildingId = Item.BuildingId, Footer = footer, DedupeKey = $"minutes:{id}:{m.OwnerId}",
            });
        var ownerUsers = await db.Query<long>("select id from users where owner_id = any(@owners)", new { owners = members.Select(m => m.OwnerId).ToArray() });
        await notifier.Send(db, ownerUsers, new Notifier.News("Minutes of the general assembly", [], "The minutes of the assembly of {0} are available.",
            [Item.BuildingName], $"/documents/{documentId}"));
        await AuditLog.Record(db, viewer, "assembly", id, "minutes_sent", AuditLog.Says("{0}: minutes sent", Item.BuildingName));
        TempData["Notice"] = "The minutes have been sent to the owners.";
        return Redirect($"/assemblies/{id}");
    }
}
