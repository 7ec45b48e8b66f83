using KoproGo.Web.Infrastructure;
using KoproGo.Web.Infrastructure.Pdf;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace KoproGo.Web.Pages.Privacy;

/// <summary>The firm's register of processing activities (GDPR art. 30), prefilled, editable, exported as PDF.</summary>
[Authorize(Policy = Policies.Manage)]
public sealed class RegisterModel(Db db, PdfRenderer pdf) : PageModel
{
    /// <summary>What the register and its PDF show: the controller and the activities.</summary>
    public sealed record View(string Firm, string? CompanyNumber, IReadOnlyList<ProcessingActivity> Activities);

    public View Register { get; private set; } = null!;

    private async Task Load()
    {
        var viewer = User.Viewer();
        var (firm, number) = await db.QuerySingle<(string, string?)>("select name, company_number from organisations where id = @OrgId", viewer.Params());
        Register = new View(firm, number, await ProcessingRegister.Of(db, viewer.OrganisationId));
    }

    public Task OnGet() => Load();

    public async Task<IActionResult> OnGetPdf(CancellationToken cancellationToken)
    {
        await Load();
        var language = Languages.Current;
        return await pdf.Download("/Pdf/ProcessingRegister.cshtml", Register, language,
            new PdfFrame(Languages.Text(language, "Register of processing activities"), BrusselsTime.Today.ToString("d"), Register.Firm),
            "register-of-processing.pdf", cancellationToken);
    }
}
