using KoproGo.Web.Infrastructure;
using KoproGo.Web.Infrastructure.Documents;
using Microsoft.AspNetCore.Http;

namespace KoproGo.Web.Pages.Documents;

/// <summary>Who sees which document, and how one is added: the one home of both, for uploads and generated PDFs.</summary>
public static class DocumentRules
{
    public const long MaxBytes = 20 * 1024 * 1024;
    public static readonly string[] Categories = ["regulation", "minutes", "accounts", "contracts", "insurance", "plans", "other"];
    public static readonly string[] Visibilities = ["syndic", "board", "owners", "public"];

    /// <summary>
    /// SQL condition on a document aliased <c>d</c>: public ones for anyone; in its organisation, all for the syndic and
    /// the accountant, board and owners' ones for the building's board, owners' ones for those who own a lot there today
    /// (the owners' portal the law of 2 June 2010 requires). Use with <see cref="Viewer.Params"/>.
    /// </summary>
    public static readonly string Visible = $"""
        (d.visibility = 'public' or (d.organisation_id = @OrgId and (
            @SeesAllBuildings
            or (d.visibility in ('board', 'owners') and d.building_id = any(@BoardBuildingIds))
            or (d.visibility = 'owners' and {Ownerships.ViewerHoldsLotIn("d.building_id")}))))
        """;

    /// <summary>Who may open a building's document list: whoever sees the building, and its owners of today.</summary>
    public static readonly string BuildingOpen = $"""
        {Viewer.VisibleBuilding} or (b.organisation_id = @OrgId and {Ownerships.ViewerHoldsLotIn("b.id")})
        """;

    /// <summary>
    /// Whether a PDF was sent in a form's file field: false when none; when one is sent that is not a PDF (by its
    /// content) or is over 20 MB, <paramref name="messageKey"/> or the size's message goes by the field.
    /// </summary>
    public static async Task<bool> PdfSent(IFormFile? file, Microsoft.AspNetCore.Mvc.ModelBinding.ModelStateDictionary state,
        Microsoft.Extensions.Localization.IStringLocalizer l, string field, string messageKey)
    {
        if (file is null || file.Length == 0) return false;
        if (file.Length > MaxBytes) { state.AddModelError(field, l["This file is larger than 20 MB."]); return false; }
        await using var content = file.OpenReadStream();
        if (FileKinds.Recognise(content) == FileKinds.Pdf) return true;
        state.AddModelError(field, l[messageKey]);
        return false;
    }

    public sealed record NewDocument(long BuildingId, string Category, string Visibility, string Title, string FileName, string ContentType, bool Generated);

    /// <summary>Stores the file and records it (and an audit line) in the handler's transaction; the file goes if the row does not.</summary>
    public static async Task<long> Store(Db db, IDocumentStorage storage, Viewer viewer, NewDocument doc, Stream content, CancellationToken cancellationToken)
    {
        var (key, size, sha256) = await storage.Save(content, cancellationToken);
        try
        {
            var id = await db.Scalar<long>("""
                insert into documents (organisation_id, building_id, category, visibility, title, file_name, content_type, size_bytes, sha256,
                                       storage_key, generated, uploaded_by)
                select organisation_id, id, @Category, @Visibility, @Title, @FileName, @ContentType, @size, @sha256, @key, @Generated, nullif(@ViewerUserId, 0)
                from buildings where id = @BuildingId and organisation_id = @OrgId
                returning id
                """, viewer.Params(new { doc.BuildingId, doc.Category, doc.Visibility, doc.Title, doc.FileName, doc.ContentType, doc.Generated, size, sha256, key }));
            await AuditLog.Record(db, viewer, "document", id, doc.Generated ? "generated" : "uploaded", $"{doc.Title} ({doc.FileName})",
                after: new { doc.Category, doc.Visibility, size, sha256 });
            return id;
        }
        catch
        {
            storage.Delete(key);
            throw;
        }
    }
}
