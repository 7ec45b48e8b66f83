using KoproGo.Web.Infrastructure;
using KoproGo.Web.Pages.Accounting;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Npgsql;

namespace KoproGo.Web.Pages.Suppliers;

/// <summary>The organisation's suppliers (shared by its buildings): add one, or correct one chosen from the list.</summary>
[Authorize(Policy = Policies.Staff)]
public sealed class IndexModel(Db db, IStringLocalizer<SharedResource> l) : PageModel
{
    public sealed record Row(long Id, string Name, string? CompanyNumber, string? Iban, string? Email, string? DefaultAccount, string? Trade, string Language, long Invoices);

    /// <summary>The trades a contractor may have (suppliers.trade): a supplier with one may be asked for quotes.</summary>
    public static readonly IReadOnlyList<string> Trades = ["general", "plumbing", "heating", "electricity", "lift", "roofing", "facade", "carpentry",
        "painting", "locksmith", "gardening", "cleaning", "other"];

    public sealed class SupplierInput
    {
        public string? Name { get; set; }
        public string? CompanyNumber { get; set; }
        public string? Iban { get; set; }
        public string? Email { get; set; }
        public string? DefaultAccount { get; set; }
        public string? Trade { get; set; }
        public string? Language { get; set; }
    }

    [BindProperty] public SupplierInput Input { get; set; } = new();
    [BindProperty(SupportsGet = true)] public long? Edit { get; set; }
    public IReadOnlyList<Row> Suppliers { get; private set; } = [];
    public IReadOnlyList<Chart.Account> Expenses { get; private set; } = [];

    private async Task Load()
    {
        Suppliers = await db.Query<Row>("""
            select s.id, s.name, s.company_number, s.iban, s.email, s.default_account, s.trade, s.language, (select count(*) from invoices i where i.supplier_id = s.id) as invoices
            from suppliers s where s.organisation_id = @OrgId order by s.name
            """, User.Viewer().Params());
        Expenses = await Chart.All(db, Languages.Current, "6%");
    }

    public async Task<IActionResult> OnGet()
    {
        await Load();
        if (Edit is long id)
        {
            var s = Suppliers.FirstOrDefault(x => x.Id == id);
            if (s is null) return NotFound();
            Input = new SupplierInput
            {
                Name = s.Name, Email = s.Email, DefaultAccount = s.DefaultAccount, Trade = s.Trade, Language = s.Language,
                CompanyNumber = s.CompanyNumber is null ? null : KoproGo.Domain.Buildings.CompanyNumber.Format(s.CompanyNumber),
                Iban = s.Iban is null ? null : KoproGo.Domain.Buildings.Iban.Format(s.Iban),
            };
        }
        return Page();
    }

    public async Task<IActionResult> OnPost()
    {
        await Load();
        if (Edit is long editing && Suppliers.All(x => x.Id != editing)) return NotFound();
        var check = new FormCheck(ModelState, l, nameof(Input));
        var name = check.Required(nameof(Input.Name), Input.Name, 200);
        var company = check.CompanyNumber(nameof(Input.CompanyNumber), Input.CompanyNumber);
        var iban = check.Iban(nameof(Input.Iban), Input.Iban);
        var email = check.Email(nameof(Input.Email), Input.Email, required: false);
        var account = FormInput.Trimmed(Input.DefaultAccount);
        if (account is not null && Expenses.All(a => a.Code != account)) check.Error(nameof(Input.DefaultAccount), "Choose an account of the chart.");
        var trade = FormInput.Trimmed(Input.Trade) is null ? null : check.Choice(nameof(Input.Trade), Input.Trade, Trades);
        var language = check.Language(nameof(Input.Language), Input.Language ?? "fr");
        if (trade is not null && email is null) check.Error(nameof(Input.Email), "A contractor is asked for quotes by e-mail: give their address.");
        if (!ModelState.IsValid) return Page();
        var values = User.Viewer().Params(new { name, company, iban, email, account, trade, language, Edit });
        try
        {
            var id = Edit is null
                ? await db.Scalar<long>("""
                    insert into suppliers (organisation_id, name, company_number, iban, email, default_account, trade, language)
                    values (@OrgId, @name, @company, @iban, @email, @account, @trade, @language) returning id
                    """, values)
                : await db.Scalar<long>("""
                    update suppliers set name = @name, company_number = @company, iban = @iban, email = @email, default_account = @account,
                        trade = @trade, language = @language
                    where id = @Edit and organisation_id = @OrgId returning id
                    """, values);
            await AuditLog.Record(db, User.Viewer(), "supplier", id, Edit is null ? "created" : "updated", name!, after: new { company, iban, trade });
        }
        catch (PostgresException e) when (e.ConstraintName == "suppliers_company_number_unique")
        {
            await db.Rollback();
            check.Error(nameof(Input.CompanyNumber), "A supplier with this company number is already recorded.");
            return Page();
        }
        TempData["Notice"] = Edit is null ? "The supplier is added." : "The supplier is saved.";
        return Redirect("/suppliers");
    }
}
