using KoproGo.Web.Infrastructure;
using KoproGo.Web.Infrastructure.Pdf;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Npgsql;

namespace KoproGo.Web.Pages.Polls;

/// <summary>A poll: owners of the building answer once while it is open; everyone who sees it sees the results live.</summary>
public sealed class DetailsModel(Db db, PdfRenderer pdf, IStringLocalizer<SharedResource> l) : PageModel
{
    public Poll Item { get; private set; } = null!;
    public PollResults Results { get; private set; } = null!;
    public string? MyAnswer { get; private set; }
    public bool IsOwnerHere { get; private set; }
    [BindProperty] public string? Answer { get; set; }

    private async Task<bool> Load(long id)
    {
        var viewer = User.Viewer();
        var poll = await PollData.Find(db, viewer, id);
        if (poll is null) return false;
        Item = poll;
        Results = await PollData.Results(db, poll);
        if (viewer.OwnerId is not null)
        {
            IsOwnerHere = await db.Scalar<bool>($"select {Ownerships.ViewerHoldsLotIn("@BuildingId")}", viewer.Params(new { poll.BuildingId }));
            MyAnswer = await db.Scalar<string?>("select answer from poll_answers where poll_id = @id and owner_id = @ViewerOwnerId", viewer.Params(new { id }));
        }
        return true;
    }

    public bool CanAnswer => IsOwnerHere && MyAnswer is null && Item.IsOpen;

    public async Task<IActionResult> OnGet(long id) => await Load(id) ? Page() : NotFound();

    public async Task<IActionResult> OnPost(long id)
    {
        if (!await Load(id)) return NotFound();
        if (!IsOwnerHere) return Forbid();
        var answer = FormInput.Trimmed(Answer);
        if (MyAnswer is not null) ModelState.AddModelError("", l["You have already answered this poll: one answer per owner."]);
        else if (!Item.IsOpen) ModelState.AddModelError("", l["This poll is closed."]);
        else if (answer is null) ModelState.AddModelError(nameof(Answer), l["This field is required."]);
        else if (Item.Kind == "text" ? answer.Length > 2000 : !Item.Choices.Contains(answer)) ModelState.AddModelError(nameof(Answer), l["Choose one of the answers offered."]);
        if (!ModelState.IsValid) return Page();
        try
        {
            await db.Execute("""
                insert into poll_answers (poll_id, organisation_id, owner_id, answer)
                select id, organisation_id, @ViewerOwnerId, @answer from polls where id = @id
                """, User.Viewer().Params(new { id, answer }));
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UniqueViolation)
        {
            await db.Rollback();
            await Load(id);
            ModelState.AddModelError("", l["You have already answered this poll: one answer per owner."]);
            return Page();
        }
        TempData["Notice"] = "Thank you, your answer has been recorded.";
        return Redirect($"/polls/{id}");
    }

    public async Task<IActionResult> OnGetPdf(long id, CancellationToken cancellationToken)
    {
        if (!await Load(id)) return NotFound();
        await db.Release();
        var lang = Languages.Current;
        var frame = new PdfFrame(Item.BuildingName, BrusselsTime.Today.ToString("d"), Languages.Text(lang, "Results of the poll"));
        return await pdf.Download("/Pdf/PollResults.cshtml", Results, lang, frame, $"poll-{id}.pdf", cancellationToken);
    }

    public static string ChoiceText(IStringLocalizer l, string kind, string choice) => kind switch
    {
        "yes_no" => choice == "yes" ? l["Yes"] : l["No"],
        _ => choice,
    };
}
