using KoproGo.Web.Infrastructure;
using KoproGo.Web.Infrastructure.Pdf;
using KoproGo.Web.Pages.Accounting;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace KoproGo.Web.Pages.Calls;

/// <summary>One call for funds: each owner's amount, communication, what was received, whether the letter went.</summary>
[Authorize(Policy = Policies.BuildingReader)]
public sealed class DetailsModel(Db db, PdfRenderer pdf) : PageModel
{
    public sealed record Call(long Id, long BuildingId, string Title, string Kind, DateOnly IssuedOn, DateOnly DueDate, decimal Total, long EntryId);
    public sealed record Item(long Id, long OwnerId, string OwnerName, decimal Amount, string Communication, decimal Paid, DateTime? LetterSentAt, bool ByPost)
    {
        public decimal Due => Amount - Paid;
    }

    public AccountingBuilding Building { get; private set; } = null!;
    public Call Info { get; private set; } = null!;
    public IReadOnlyList<Item> Items { get; private set; } = [];
    public int Sent => Items.Count(i => i.LetterSentAt is not null);
    public bool Preparing => Sent < Items.Count;

    private async Task<bool> Load(long callId)
    {
        var call = await db.QuerySingleOrDefault<Call>("""
            select id, building_id, title, kind, issued_on, due_date, total, entry_id from fund_calls where id = @callId and organisation_id = @OrgId
            """, User.Viewer().Params(new { callId }));
        if (call is null || await AccountingBuilding.Find(db, User.Viewer(), call.BuildingId) is not { } building) return false;
        (Info, Building) = (call, building);
        Items = await db.Query<Item>($"""
            select i.id, i.owner_id, {Labels.PersonNameSql("o")} as owner_name, i.amount, i.communication,
                   i.paid, i.letter_sent_at, i.by_post
            from fund_call_items i join owners o on o.id = i.owner_id where i.call_id = @callId order by o.last_name, o.first_name
            """, new { callId });
        return true;
    }

    public async Task<IActionResult> OnGet(long callId) => await Load(callId) ? Page() : NotFound();

    /// <summary>The letters' progress alone, for htmx to refresh while they are prepared.</summary>
    public string ProgressFingerprint => HtmxAnswers.Fingerprint(new { Preparing, Sent });

    public async Task<IActionResult> OnGetProgress(long callId) => await Load(callId) ? this.Panel("_LetterProgress", ProgressFingerprint) : NotFound();

    /// <summary>One owner's letter as PDF, in the owner's language; or every letter for the post in one file.</summary>
    public async Task<IActionResult> OnGetLetter(long callId, long? itemId, CancellationToken cancellationToken)
    {
        if (!await Load(callId)) return NotFound();
        var letters = await CallLetters.Load(db, callId, itemId);
        if (itemId is not null)
        {
            if (letters.Count == 0) return NotFound();
            var letter = letters[0];
            return await pdf.Download("/Pdf/CallLetter.cshtml", letter, letter.OwnerLanguage,
                letter.Frame(Languages.Text(letter.OwnerLanguage, "Call for funds")), CallLetters.FileName(letter), cancellationToken);
        }
        var byPost = letters.Where(x => Items.Any(i => i.Id == x.ItemId && i.ByPost)).ToList();
        if (byPost.Count == 0) return NotFound();
        return await pdf.Download("/Pdf/CallLetters.cshtml", byPost, Building.Language,
            new PdfFrame(Languages.Text(Building.Language, "Call for funds"), Info.IssuedOn.ToString("d"), Info.Title), $"call-{callId}-post.pdf", cancellationToken);
    }
}
