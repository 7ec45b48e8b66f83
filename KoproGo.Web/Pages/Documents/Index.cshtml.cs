using KoproGo.Web.Infrastructure;
using KoproGo.Web.Infrastructure.Documents;
using KoproGo.Web.Infrastructure.Mail;
using KoproGo.Web.Infrastructure.Pdf;
using KoproGo.Web.Pages.Public;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace KoproGo.Web.Pages.Documents;

/// <summary>A building's documents: what the caller may see; upload and delete for the syndic.</summary>
[Authorize]
// A little above the 20 MB a document may weigh, so a file just over the limit gets a message rather than a bare 413.
[RequestSizeLimit(25 * 1024 * 1024)]
[RequestFormLimits(MultipartBodyLengthLimit = 25 * 1024 * 1024)]
public sealed class IndexModel(Db db, IDocumentStorage storage, PdfRenderer pdf, Outbox outbox, IStringLocalizer<SharedResource> l) : PageModel
{
    public sealed record Building(long Id, string Name, string Slug, string Language);

    public sealed record Document(long Id, string Category, string Visibility, string Title, string FileName, long SizeBytes, DateTime UploadedAt, bool Generated);

    public sealed class UploadInput
    {
        public string? Title { get; set; }
        public string? Category { get; set; } = "other";
        public string? Visibility { get; set; } = "owners";
    }

    [BindProperty] public UploadInput Input { get; set; } = new();
    [BindProperty] public IFormFile? Upload { get; set; }
    public Building Item { get; private set; } = null!;
    public IReadOnlyList<Document> Documents { get; private set; } = [];
    public bool CanManage => User.IsInRole(Roles.Syndic);

    private async Task<bool> Load(long id)
    {
        var p = User.Viewer().Params(new { id });
        var building = await db.QuerySingleOrDefault<Building>(
            $"select b.id, b.name, b.slug, b.language from buildings b where b.id = @id and ({DocumentRules.BuildingOpen})", p);
        if (building is null) return false;
        Item = building;
        Documents = await db.Query<Document>($"""
            select d.id, d.category, d.visibility, d.title, d.file_name, d.size_bytes, d.uploaded_at, d.generated
            from documents d where d.building_id = @id and {DocumentRules.Visible}
            order by d.uploaded_at desc, d.id desc
            """, p);
        return true;
    }

    public async Task<IActionResult> OnGet(long id) => await Load(id) ? Page() : NotFound();

    public async Task<IActionResult> OnPostUpload(long id, CancellationToken cancellationToken)
    {
        if (!CanManage) return Forbid();
        if (!await Load(id)) return NotFound();
        var check = new FormCheck(ModelState, l, "Input");
        var category = check.Choice(nameof(UploadInput.Category), Input.Category, DocumentRules.Categories);
        var visibility = check.Choice(nameof(UploadInput.Visibility), Input.Visibility, DocumentRules.Visibilities);
        var title = check.Optional(nameof(UploadInput.Title), Input.Title, 200);

        FileKinds.Kind? kind = null;
        await using var content = Upload?.OpenReadStream();
        if (Upload is null || Upload.Length == 0) ModelState.AddModelError(nameof(Upload), l["Choose a file; an empty file cannot be kept."]);
        else if (Upload.Length > DocumentRules.MaxBytes) ModelState.AddModelError(nameof(Upload), l["This file is larger than 20 MB."]);
        else if ((kind = FileKinds.Recognise(content!)) is null)
            ModelState.AddModelError(nameof(Upload), l["Only PDF, JPEG, PNG, Word, Excel and OpenDocument files are accepted."]);
        if (!ModelState.IsValid) return Page();

        var fileName = FileKinds.SafeName(Upload!.FileName, kind!);
        await DocumentRules.Store(db, storage, User.Viewer(), new DocumentRules.NewDocument(id, category!, visibility!,
            title ?? Path.GetFileNameWithoutExtension(fileName), fileName, kind!.ContentType, Generated: false), content!, cancellationToken);
        TempData["Notice"] = "The document has been added.";
        return RedirectToPage(new { id });
    }

    /// <summary>Prints the entrance poster to PDF and keeps it among the building's public documents.</summary>
    public async Task<IActionResult> OnPostPoster(long id, CancellationToken cancellationToken)
    {
        if (!CanManage) return Forbid();
        if (!await Load(id)) return NotFound();
        var card = (await SyndicCard.Find(db, Item.Slug))!;
        var url = PosterModel.PublicUrl(outbox, Item.Slug);
        var today = BrusselsTime.Today;
        var bytes = await pdf.Render("/Pdf/Poster.cshtml", new PosterModel.Poster(card, url, QrCodes.DataUri(url)), Item.Language,
            new PdfFrame(Item.Name, today.ToString("d", Languages.Culture(Item.Language)), $"KoproGo · {url}"), cancellationToken);
        await using var content = new MemoryStream(bytes);
        await DocumentRules.Store(db, storage, User.Viewer(), new DocumentRules.NewDocument(id, "other", "public",
            Languages.Text(Item.Language, "Poster for the entrance hall"), $"poster-{Item.Slug}-{today:yyyy-MM-dd}.pdf", FileKinds.Pdf.ContentType, Generated: true),
            content, cancellationToken);
        TempData["Notice"] = "The document has been added.";
        return RedirectToPage(new { id });
    }

    public async Task<IActionResult> OnPostDelete(long id, long documentId)
    {
        if (!CanManage) return Forbid();
        if (!await Load(id)) return NotFound();
        var viewer = User.Viewer();
        var doc = await db.QuerySingleOrDefault<(string StorageKey, string Title, string FileName)>(
            "delete from documents where id = @documentId and building_id = @id and organisation_id = @OrgId returning storage_key, title, file_name",
            viewer.Params(new { documentId, id }));
        if (doc == default) return NotFound();
        await AuditLog.Record(db, viewer, "document", documentId, "deleted", $"{doc.Title} ({doc.FileName})");
        // The file goes once the row is gone for good.
        await db.Commit();
        storage.Delete(doc.StorageKey);
        TempData["Notice"] = "The document has been deleted.";
        return RedirectToPage(new { id });
    }
}
