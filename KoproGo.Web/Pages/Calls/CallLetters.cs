using KoproGo.Domain.Accounting;
using KoproGo.Web.Infrastructure;
using KoproGo.Web.Infrastructure.Mail;
using KoproGo.Web.Infrastructure.Pdf;
using KoproGo.Web.Pages.Public;
using Quartz;

namespace KoproGo.Web.Pages.Calls;

/// <summary>An owner's letter for a call for funds: what is asked, for which lots, and how to pay (IBAN, communication, QR).</summary>
public sealed record CallLetter(long CallId, long ItemId, long BuildingId, string BuildingName, string? BuildingIban, string Kind, string Title, DateOnly IssuedOn,
    DateOnly DueDate, long OwnerId, string OwnerName, string? OwnerEmail, string OwnerLanguage, string? Street, string? Postcode, string? City,
    decimal Amount, string Communication)
{
    public IReadOnlyList<(string Lot, decimal Amount)> Lots { get; set; } = [];
    public StructuredCommunication Reference => StructuredCommunication.TryParse(Communication, out var c) ? c : default;

    /// <summary>The EPC QR code ("GiroCode") as an inline SVG; null without the building's IBAN.</summary>
    public string? QrDataUri => BuildingIban is null ? null : QrCodes.DataUri(GiroCode.Payload(BuildingName, BuildingIban, Amount, Reference), utf8: true);

    public PdfFrame Frame(string title) => new(title, IssuedOn.ToString("d"), Reference.ToString());
}

public static class CallLetters
{
    public const string JobKey = "fund-call-letters";

    /// <summary>The letters of a call (one item, or all of them), with each owner's lots.</summary>
    public static async Task<IReadOnlyList<CallLetter>> Load(Db db, long callId, long? itemId = null)
    {
        var letters = await db.Query<CallLetter>($"""
            select c.id as call_id, i.id as item_id, b.id as building_id, b.name as building_name, b.iban as building_iban, c.kind, c.title, c.issued_on, c.due_date,
                   o.id as owner_id, {Labels.PersonNameSql("o")} as owner_name, o.email as owner_email, o.language as owner_language,
                   o.street, o.postcode, o.city, i.amount, i.communication
            from fund_call_items i join fund_calls c on c.id = i.call_id join buildings b on b.id = c.building_id join owners o on o.id = i.owner_id
            where c.id = @callId and (@itemId::bigint is null or i.id = @itemId)
            order by o.last_name, o.first_name
            """, new { callId, itemId });
        var lots = (await db.Query<(long ItemId, string Number, decimal Amount)>("""
            select f.item_id, l.number, f.amount from fund_call_lots f join lots l on l.id = f.lot_id join fund_call_items i on i.id = f.item_id
            where i.call_id = @callId and (@itemId::bigint is null or i.id = @itemId) order by l.number
            """, new { callId, itemId })).ToLookup(x => x.ItemId);
        foreach (var letter in letters) letter.Lots = lots[letter.ItemId].Select(x => (x.Number, x.Amount)).ToList();
        return letters;
    }

    public static string FileName(CallLetter letter) => $"call-{letter.CallId}-{letter.Communication}.pdf";
}

/// <summary>
/// Prepares the letters of issued calls: for each owner with an e-mail address, the PDF in their language goes into the
/// outbox with the mail; the others are marked for the post. One owner per transaction, so the call page shows the
/// progress and a failure (no PDF tools) leaves the rest for the next run. Started at once when a call is issued.
/// </summary>
public sealed class CallLettersJob(Db db, Outbox outbox, PdfRenderer pdf) : IJob
{
    private sealed record Due(long CallId, long ItemId);

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            await db.Begin();
            var due = await db.QuerySingleOrDefault<Due>("""
                select i.call_id, i.id as item_id from fund_call_items i where i.letter_sent_at is null order by i.id limit 1 for update skip locked
                """);
            if (due is null)
            {
                await db.Commit();
                return;
            }
            var letter = (await CallLetters.Load(db, due.CallId, due.ItemId))[0];
            var byPost = letter.OwnerEmail is null;
            if (!byPost)
            {
                var bytes = await pdf.Render("/Pdf/CallLetter.cshtml", letter, letter.OwnerLanguage,
                    letter.Frame(Languages.Text(letter.OwnerLanguage, "Call for funds")), cancellationToken);
                await outbox.Enqueue(db, new MailRequest(letter.OwnerEmail!, letter.OwnerName, letter.OwnerLanguage, MailKinds.Legal, "CallForFunds", letter)
                {
                    BuildingId = letter.BuildingId, Footer = await MailFooter.Of(db, letter.BuildingId), DedupeKey = $"fund-call:{letter.ItemId}",
                    Attachments = [new MailAttachment(CallLetters.FileName(letter), "application/pdf", bytes)],
                });
            }
            await db.Execute("update fund_call_items set letter_sent_at = now(), by_post = @byPost where id = @ItemId", new { letter.ItemId, byPost });
            await db.Commit();
        }
    }
}
