using KoproGo.Web.Infrastructure;
using KoproGo.Web.Infrastructure.Documents;
using KoproGo.Web.Infrastructure.Pdf;
using KoproGo.Web.Pages.Assemblies;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace KoproGo.Web.Pages.Convocation;

/// <summary>
/// An owner's personal convocation, reached from the link in their mail without signing in (the link is the key):
/// opening it is recorded, the owner answers whether they attend, downloads the PDF, and later reads the minutes.
/// </summary>
[AllowAnonymous]
public sealed class IndexModel(Db db, PdfRenderer pdf, IDocumentStorage storage, IStringLocalizer<SharedResource> l) : PageModel
{
    public ConvocationView View { get; private set; } = null!;
    [BindProperty] public string? Reply { get; set; }
    [BindProperty] public string? ReplyNote { get; set; }

    private async Task<bool> Load(string token)
    {
        if (token.Length != 32) return false;
        var assembly = await AssemblyData.FindByToken(db, token);
        if (assembly is null) return false;
        var member = (await AssemblyData.Members(db, assembly.Id, token)).Single();
        View = new ConvocationView(assembly, member, await AssemblyData.Items(db, assembly.Id));
        return true;
    }

    public async Task<IActionResult> OnGet(string token)
    {
        if (!await Load(token)) return NotFound();
        await db.Execute("update assembly_members set opened_at = now() where token = @token and opened_at is null", new { token });
        Reply = View.Member.Reply;
        Response.Headers.CacheControl = "private, no-store";
        return Page();
    }

    public bool CanReply => View.Assembly.Status == "convened";

    public async Task<IActionResult> OnPost(string token)
    {
        if (!await Load(token)) return NotFound();
        if (!CanReply) ModelState.AddModelError("", l["The assembly has started: answers are closed."]);
        else if (Reply is not ("attending" or "proxy" or "absent")) ModelState.AddModelError(nameof(Reply), l["Choose one of the answers offered."]);
        var note = FormInput.Trimmed(ReplyNote);
        if (note?.Length > 500) ModelState.AddModelError(nameof(ReplyNote), l["This is too long: at most {0} characters.", 500]);
        if (!ModelState.IsValid) return Page();
        await db.Execute("""
            update assembly_members set reply = @Reply, reply_note = @note, replied_at = now(), opened_at = coalesce(opened_at, now())
            where token = @token
            """, new { Reply, note, token });
        TempData["Notice"] = "Thank you, your answer has been recorded.";
        return Redirect($"/convocation/{token}");
    }

    public async Task<IActionResult> OnGetPdf(string token, CancellationToken cancellationToken)
    {
        if (!await Load(token)) return NotFound();
        await db.Release();
        var language = View.Member.Language;
        return await pdf.Download("/Pdf/Convocation.cshtml", View, language, Convocations.Frame(View.Assembly, language),
            $"convocation-{View.Assembly.MeetingDate:yyyy-MM-dd}.pdf", cancellationToken);
    }

    public async Task<IActionResult> OnGetMinutes(string token)
    {
        if (!await Load(token) || View.Assembly.MinutesDocumentId is not { } documentId) return NotFound();
        var doc = await db.QuerySingle<(string StorageKey, string FileName)>("select storage_key, file_name from documents where id = @documentId", new { documentId });
        Response.Headers.CacheControl = "private, no-store";
        return File(storage.Open(doc.StorageKey), "application/pdf", doc.FileName);
    }
}
