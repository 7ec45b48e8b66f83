using KoproGo.Domain.Accounting;
using KoproGo.Web.Infrastructure;
using KoproGo.Web.Pages.Accounting;

namespace KoproGo.Web.Pages.Invoices;

/// <summary>The invoice form (new, or a draft corrected): the supplier's reference, dates and up to <see cref="FormLines"/> lines.</summary>
public sealed class InvoiceInput
{
    public const int FormLines = 4;

    public sealed class LineInput
    {
        public string? Description { get; set; }
        public string? Account { get; set; }
        public string? Amount { get; set; }
        public string? VatRate { get; set; } = "21";
        public string? KeyId { get; set; }
    }

    public string? SupplierId { get; set; }
    public string? Reference { get; set; }
    /// <summary>The supplier's structured communication (+++123/4567/89002+++), when the invoice gives one.</summary>
    public string? PaymentReference { get; set; }
    public string? InvoiceDate { get; set; }
    public string? DueDate { get; set; }
    public string? Description { get; set; }
    public List<LineInput> Lines { get; set; } = [];

    public sealed record Line(string Description, string Account, decimal AmountExclVat, decimal VatRate, decimal Vat, long? KeyId)
    {
        public decimal Total => AmountExclVat + Vat;
    }

    public sealed record Values(long SupplierId, string Reference, string? PaymentReference, DateOnly InvoiceDate, DateOnly DueDate, string Description, IReadOnlyList<Line> Lines);

    public void Pad()
    {
        while (Lines.Count < FormLines) Lines.Add(new LineInput());
    }

    /// <summary>The clean values, or null with each problem next to its field.</summary>
    public Values? Check(FormCheck check, ICollection<long> suppliers, IReadOnlyList<Chart.Account> expenses, ICollection<long> keys)
    {
        long? supplier = long.TryParse(SupplierId, out var s) && suppliers.Contains(s) ? s : null;
        if (supplier is null) check.Error(nameof(SupplierId), "Choose a supplier of the list.");
        var reference = check.Required(nameof(Reference), Reference, 50);
        var invoiceDate = check.Date(nameof(InvoiceDate), InvoiceDate, required: true);
        var dueDate = check.Date(nameof(DueDate), DueDate, required: true);
        if (invoiceDate is not null && dueDate is not null && dueDate < invoiceDate) check.Error(nameof(DueDate), "The due date cannot be before the invoice date.");
        var description = check.Optional(nameof(Description), Description, 500) ?? "";
        string? payment = null;
        if (FormInput.Trimmed(PaymentReference) is { } given)
        {
            if (StructuredCommunication.TryParse(given, out var c)) payment = c.Digits;
            else check.Error(nameof(PaymentReference), "This is not a valid structured communication: check its twelve digits.");
        }
        var lines = new List<Line>();
        for (var i = 0; i < Lines.Count; i++)
        {
            var x = Lines[i];
            var field = $"{nameof(Lines)}[{i}]";
            if (FormInput.Trimmed(x.Amount) is null && FormInput.Trimmed(x.Description) is null) continue;
            var text = check.Optional($"{field}.{nameof(LineInput.Description)}", x.Description, 200) ?? "";
            var account = expenses.Any(a => a.Code == x.Account) ? x.Account : null;
            if (account is null) check.Error($"{field}.{nameof(LineInput.Account)}", "Choose an expense account of the chart.");
            var amount = check.Decimal($"{field}.{nameof(LineInput.Amount)}", x.Amount, 0.01m, 10_000_000m, required: true);
            decimal? rate = FormInput.TryDecimal(x.VatRate, out var r) && VatRates.IsAllowed(r) ? r : null;
            if (rate is null) check.Error($"{field}.{nameof(LineInput.VatRate)}", "The VAT rate is 0, 6, 12 or 21%.");
            long? key = FormInput.Trimmed(x.KeyId) is null ? null : long.TryParse(x.KeyId, out var k) && keys.Contains(k) ? k : -1;
            if (key == -1) check.Error($"{field}.{nameof(LineInput.KeyId)}", "Choose a key of the list.");
            if (account is not null && amount is not null && rate is not null && key != -1)
                lines.Add(new Line(text, account, amount.Value, rate.Value, VatRates.On(amount.Value, rate.Value), key));
        }
        if (lines.Count == 0 && check.IsValid) check.Error("", "An invoice has at least one line with an amount.");
        // Any message above (a due date before the invoice date, a text too long…) keeps the form on screen.
        return !check.IsValid || lines.Count == 0
            ? null : new Values(supplier!.Value, reference!, payment, invoiceDate!.Value, dueDate!.Value, description, lines);
    }

    /// <summary>Writes the lines of a draft (replacing those it had).</summary>
    public static async Task SaveLines(Db db, long invoiceId, IReadOnlyList<Line> lines)
    {
        await db.Execute("delete from invoice_lines where invoice_id = @invoiceId", new { invoiceId });
        foreach (var x in lines)
            await db.Execute("""
                insert into invoice_lines (invoice_id, description, account_code, amount_excl_vat, vat_rate, vat, key_id)
                values (@invoiceId, @Description, @Account, @AmountExclVat, @VatRate, @Vat, @KeyId)
                """, new { invoiceId, x.Description, x.Account, x.AmountExclVat, x.VatRate, x.Vat, x.KeyId });
    }
}

/// <summary>What the invoice form offers: the organisation's suppliers, the expense accounts, the building's keys.</summary>
public sealed record InvoiceChoices(IReadOnlyList<(long Id, string Name)> Suppliers, IReadOnlyList<Chart.Account> Expenses, IReadOnlyList<(long Id, string Name)> Keys)
{
    public static async Task<InvoiceChoices> Load(Db db, Viewer viewer, long buildingId) => new(
        await db.Query<(long, string)>("select id, name from suppliers where organisation_id = @OrgId order by name", viewer.Params()),
        await Chart.All(db, Languages.Current, "6%"),
        await db.Query<(long, string)>("select id, name from distribution_keys where building_id = @buildingId order by name", new { buildingId }));

    public ICollection<long> SupplierIds => Suppliers.Select(s => s.Id).ToHashSet();
    public ICollection<long> KeyIds => Keys.Select(k => k.Id).ToHashSet();
}

/// <summary>What the invoice form partial shows: its named properties give the fields their names (Input.…).</summary>
public sealed record InvoiceFormView(InvoiceInput Input, InvoiceChoices Choices, string Action, string Button);
