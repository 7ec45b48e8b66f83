using KoproGo.Domain.Works;
using KoproGo.Web.Infrastructure;
using KoproGo.Web.Infrastructure.Documents;
using KoproGo.Web.Pages.Documents;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.Extensions.Localization;

namespace KoproGo.Web.Pages.Works;

/// <summary>A quote as typed: by the syndic from paper (naming the contractor) or by the contractor through their link.</summary>
public sealed class QuoteInput
{
    public string? Supplier { get; set; }
    public string? AmountExclVat { get; set; }
    public string? VatRate { get; set; }
    public string? DurationDays { get; set; }
    public string? StartOn { get; set; }
    public string? WarrantyYears { get; set; }
    public string? ValidUntil { get; set; }
    public string? Notes { get; set; }

    public sealed record Values(decimal AmountExclVat, decimal VatRate, int DurationDays, DateOnly StartOn, int WarrantyYears, DateOnly ValidUntil, string Notes)
    {
        /// <summary>Records the quote, replacing the contractor's earlier one for the request (they changed their mind, or a paper copy came).</summary>
        public Task<long> Save(Db db, long requestId, long supplierId, long? documentId, long? enteredBy, long? linkId) => db.Scalar<long>("""
            insert into quotes (request_id, supplier_id, amount_excl_vat, vat_rate, duration_days, start_on, warranty_years, valid_until, notes,
                                document_id, entered_by, link_id)
            values (@requestId, @supplierId, @AmountExclVat, @VatRate, @DurationDays, @StartOn, @WarrantyYears, @ValidUntil, @Notes,
                    @documentId, nullif(@enteredBy, 0), @linkId)
            on conflict (request_id, supplier_id) do update set amount_excl_vat = excluded.amount_excl_vat, vat_rate = excluded.vat_rate,
                duration_days = excluded.duration_days, start_on = excluded.start_on, warranty_years = excluded.warranty_years,
                valid_until = excluded.valid_until, notes = excluded.notes, document_id = coalesce(excluded.document_id, quotes.document_id),
                entered_by = excluded.entered_by, link_id = excluded.link_id, received_at = now()
            returning id
            """, new { requestId, supplierId, AmountExclVat, VatRate, DurationDays, StartOn, WarrantyYears, ValidUntil, Notes, documentId, enteredBy, linkId });
    }

    /// <summary>The values, or null with an error by each field that is wrong.</summary>
    public Values? Check(FormCheck check, DateOnly today)
    {
        var amount = check.Decimal(nameof(AmountExclVat), AmountExclVat, 0.01m, 10_000_000m, required: true);
        var rate = check.Choice(nameof(VatRate), VatRate, [.. WorksRequests.QuoteVatRates.Select(r => r.ToString("0"))]);
        var duration = check.Integer(nameof(DurationDays), DurationDays, 1, 3650, required: true);
        var start = check.Date(nameof(StartOn), StartOn, required: true);
        var warranty = check.Integer(nameof(WarrantyYears), WarrantyYears, 0, 30, required: true);
        var valid = check.Date(nameof(ValidUntil), ValidUntil, required: true);
        if (valid is { } v && v < today) check.Error(nameof(ValidUntil), "This date is past: a quote must still be valid.");
        var notes = check.Optional(nameof(Notes), Notes, 2000) ?? "";
        return check.IsValid ? new Values(amount!.Value, decimal.Parse(rate!), duration!.Value, start!.Value, warranty!.Value, valid!.Value, notes) : null;
    }

    public static IReadOnlyList<(string Value, string Text)> VatChoices(IStringLocalizer l) =>
        [.. WorksRequests.QuoteVatRates.Select(r => (r.ToString("0"), l["{0}%", r.ToString("0")].Value))];

    /// <summary>Keeps the quote's PDF with the building's documents, for the syndic and the board.</summary>
    public static async Task<long> StorePdf(Db db, IDocumentStorage storage, Viewer viewer, WorksData.Request request, string contractor, IFormFile file, CancellationToken cancellationToken)
    {
        await using var content = file.OpenReadStream();
        var title = Languages.Text(request.BuildingLanguage, "Quote") + $": {contractor}, {request.Title}";
        return await DocumentRules.Store(db, storage, viewer, new DocumentRules.NewDocument(request.BuildingId, "contracts", "board",
            FormInput.Cut(title, 200), FileKinds.SafeName(file.FileName, FileKinds.Pdf), "application/pdf", Generated: false), content, cancellationToken);
    }
}

/// <summary>The quote's fields in a form, named under <paramref name="Prefix"/>, with what the building says of the 6% VAT rate.</summary>
public sealed record QuoteFields(string Prefix, QuoteInput Input, bool? ReducedVatMayApply);
