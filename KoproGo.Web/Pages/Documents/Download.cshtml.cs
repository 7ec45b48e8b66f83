using KoproGo.Web.Infrastructure;
using KoproGo.Web.Infrastructure.Documents;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace KoproGo.Web.Pages.Documents;

/// <summary>One document's file, for whoever may see it (anyone, for a public one); 404 for everyone else.</summary>
[AllowAnonymous]
public sealed class DownloadModel(Db db, IDocumentStorage storage) : PageModel
{
    public async Task<IActionResult> OnGet(long id)
    {
        var doc = await db.QuerySingleOrDefault<(string StorageKey, string FileName, string ContentType)>(
            $"select d.storage_key, d.file_name, d.content_type from documents d where d.id = @id and {DocumentRules.Visible}",
            User.ViewerOrAnonymous().Params(new { id }));
        if (doc == default) return NotFound();
        Response.Headers.CacheControl = "private, no-store";
        return File(storage.Open(doc.StorageKey), doc.ContentType, doc.FileName);
    }
}
