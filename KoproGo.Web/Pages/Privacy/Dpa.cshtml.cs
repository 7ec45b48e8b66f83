using KoproGo.Web.Infrastructure;
using KoproGo.Web.Infrastructure.Pdf;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace KoproGo.Web.Pages.Privacy;

/// <summary>
/// The processor agreement (GDPR art. 28 §3) between the syndic firm and the operator of this installation: a template
/// filled with both parties, in the reader's language, the firm's register of processing as its annex; to sign on paper.
/// </summary>
[Authorize(Policy = Policies.Manage)]
public sealed class DpaModel(Db db, PdfRenderer pdf, IConfiguration configuration) : PageModel
{
    public sealed record Agreement(string Firm, string? CompanyNumber, string Operator, string OperatorDetails, IReadOnlyList<ProcessingActivity> Activities);

    /// <summary>The clauses, in order: a heading and its text (resource keys).</summary>
    public static readonly (string Heading, string Text)[] Clauses =
    [
        ("Subject and duration", "The processor processes personal data on behalf of the controller to provide the KoproGo platform, for as long as the controller uses it."),
        ("Nature and purposes", "Hosting, storing, showing, sending by e-mail and printing the data needed to manage the controller's buildings, as the annex describes."),
        ("Data and persons", "The types of personal data and the categories of persons are those of the controller's register of processing, in the annex."),
        ("Instructions", "The processor acts only on the controller's documented instructions, including as regards transfers outside the European Economic Area, of which there are none."),
        ("Confidentiality", "Everyone the processor authorises to process the data is bound to confidentiality."),
        ("Security", "The processor takes the measures of art. 32 GDPR, listed for each activity in the annex, and keeps them up to date."),
        ("Sub-processors", "The processor engages another processor (hosting, e-mail delivery) only with the controller's prior written authorisation, and binds it to the same obligations."),
        ("Assistance", "The processor helps the controller answer the persons' requests (the platform lets the persons exercise their rights themselves) and meet its obligations of art. 32 to 36 GDPR."),
        ("Breaches", "The processor notifies the controller of a personal data breach without undue delay, within 24 hours of becoming aware of it, with what the controller needs to notify the authority."),
        ("End of the agreement", "At the end, the processor returns the data to the controller (exports) or deletes them, at the controller's choice, and deletes the copies unless the law requires them to be kept."),
        ("Audits", "The processor makes available all information needed to demonstrate compliance with art. 28 GDPR and allows audits by the controller or an auditor it mandates."),
        ("Law and courts", "This agreement is governed by Belgian law; the courts of Brussels have jurisdiction."),
    ];

    public Agreement Item { get; private set; } = null!;

    private async Task Load()
    {
        var viewer = User.Viewer();
        var (firm, number) = await db.QuerySingle<(string, string?)>("select name, company_number from organisations where id = @OrgId", viewer.Params());
        Item = new Agreement(firm, number, configuration["KoproGo:Operator:Name"] ?? "", configuration["KoproGo:Operator:Details"] ?? "",
            await ProcessingRegister.Of(db, viewer.OrganisationId));
    }

    public Task OnGet() => Load();

    public async Task<IActionResult> OnGetPdf(CancellationToken cancellationToken)
    {
        await Load();
        var language = Languages.Current;
        return await pdf.Download("/Pdf/ProcessorAgreement.cshtml", Item, language,
            new PdfFrame(Languages.Text(language, "Processor agreement"), BrusselsTime.Today.ToString("d"), Item.Firm), "processor-agreement.pdf", cancellationToken);
    }
}
