using KoproGo.Web.Infrastructure;
using KoproGo.Web.Infrastructure.Pdf;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace KoproGo.Web.Pages.Assemblies;

/// <summary>
/// The owners who did not accept e-mail get their convocation by registered letter (art. 3.87 §3): the list with
/// addresses, all the letters in one PDF (each in its owner's language), and recording the day they were posted.
/// </summary>
[Authorize(Policy = Policies.Manage)]
public sealed class PostModel(Db db, PdfRenderer pdf, RazorRenderer razor) : PageModel
{
    public Assembly Item { get; private set; } = null!;
    public IReadOnlyList<Member> Letters { get; private set; } = [];

    private async Task<bool> Load(long id)
    {
        var assembly = await AssemblyData.Find(db, User.Viewer(), id);
        if (assembly is null || assembly.ConvenedOn is null) return false;
        Item = assembly;
        Letters = (await AssemblyData.Members(db, id)).Where(m => m.Channel == "post").ToList();
        return true;
    }

    public async Task<IActionResult> OnGet(long id) => await Load(id) ? Page() : NotFound();

    public async Task<IActionResult> OnPost(long id)
    {
        if (!await Load(id)) return NotFound();
        var count = await db.Execute(
            "update assembly_members set convocation_sent_at = now() where assembly_id = @id and channel = 'post' and convocation_sent_at is null", new { id });
        await AuditLog.Record(db, User.Viewer(), "assembly", id, "letters_posted", AuditLog.Says("{0}: {1} registered letters posted", Item.BuildingName, count));
        TempData["Notice"] = "The letters are recorded as posted today.";
        return Redirect($"/assemblies/{id}/post");
    }

    public async Task<IActionResult> OnGetPdf(long id, CancellationToken cancellationToken)
    {
        if (!await Load(id)) return NotFound();
        var items = await AssemblyData.Items(db, id);
        await db.Release();
        var letters = new List<string>();
        foreach (var m in Letters)
            letters.Add((await razor.Render("/Pdf/ConvocationLetter.cshtml", new ConvocationView(Item, m, items), m.Language)).Html);
        return await pdf.Download("/Pdf/Letters.cshtml", letters, Item.BuildingLanguage, Convocations.Frame(Item, Item.BuildingLanguage),
            $"convocations-{Item.MeetingDate:yyyy-MM-dd}.pdf", cancellationToken);
    }
}
