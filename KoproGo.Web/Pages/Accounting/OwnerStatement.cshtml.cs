using KoproGo.Web.Infrastructure;
using KoproGo.Web.Infrastructure.Pdf;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace KoproGo.Web.Pages.Accounting;

/// <summary>An owner's statement for a year, on screen and as PDF: staff and the board read anyone's, an owner their own.</summary>
public sealed class OwnerStatementModel(Db db, PdfRenderer pdf) : PageModel
{
    [BindProperty(SupportsGet = true)] public long? Year { get; set; }
    public IReadOnlyList<AccountingBuilding.Year> Years { get; private set; } = [];
    public OwnerAccount? Account { get; private set; }
    public AccountingBuilding Building { get; private set; } = null!;
    public long OwnerId { get; private set; }

    private async Task<bool> Load(long id, long ownerId)
    {
        var viewer = User.Viewer();
        var (building, years) = await AccountingBuilding.FindWithYears(db, viewer, id, owners: true);
        if (building is null || (building.OwnerOnly && viewer.OwnerId != ownerId)) return false;
        (Building, OwnerId, Years) = (building, ownerId, years);
        if (AccountingBuilding.Pick(Years, Year) is not { } year) return true;
        Account = await OwnerAccount.Load(db, building, year, ownerId);
        return Account is not null;
    }

    public async Task<IActionResult> OnGet(long id, long ownerId) => await Load(id, ownerId) ? Page() : NotFound();

    public async Task<IActionResult> OnGetPdf(long id, long ownerId, CancellationToken cancellationToken)
    {
        if (!await Load(id, ownerId) || Account is not { } a) return NotFound();
        var language = a.Person.Language;
        return await pdf.Download("/Pdf/OwnerStatement.cshtml", a, language,
            new PdfFrame(Languages.Text(language, "Owner's statement"), BrusselsTime.Today.ToString("d"), $"{a.Person.Name} · {a.Year.Label}"),
            $"statement-{a.Year.StartsOn:yyyy-MM-dd}-{ownerId}.pdf", cancellationToken);
    }
}
