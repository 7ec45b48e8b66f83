using KoproGo.Domain.Buildings;
using KoproGo.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.Extensions.Localization;

namespace KoproGo.Web.Pages.Buildings;

/// <summary>The building form as typed (strings, so nothing typed is lost), and its checks.</summary>
public sealed class BuildingInput
{
    public string? Name { get; set; }
    public string? Street { get; set; }
    public string? Postcode { get; set; }
    public string? City { get; set; }
    public string? CompanyNumber { get; set; }
    public string? Iban { get; set; }
    public string? TotalShares { get; set; } = "1000";
    public string? ConstructionYear { get; set; }
    public string? Language { get; set; } = "fr";
    public string? SyndicName { get; set; }
    public string? SyndicAddress { get; set; }
    public string? SyndicPhone { get; set; }
    public string? SyndicEmail { get; set; }
    public string? SyndicCompanyNumber { get; set; }
    public string? SyndicOfficeHours { get; set; }
    /// <summary>Art. 3.87 §3: the regulation may set another convocation delay than the legal 15 days.</summary>
    public string? ConvocationDays { get; set; } = "15";

    /// <summary>The values as stored, once <see cref="Validate"/> found no error.</summary>
    public sealed record Values(string Name, string Street, string Postcode, string City, string? CompanyNumber, string? Iban,
        int TotalShares, int? ConstructionYear, string Language, string SyndicName, string SyndicAddress, string SyndicPhone,
        string SyndicEmail, string? SyndicCompanyNumber, string? SyndicOfficeHours, int ConvocationDays);

    public Values? Validate(ModelStateDictionary state, IStringLocalizer l)
    {
        var check = new FormCheck(state, l, "Input");
        var name = check.Required(nameof(Name), Name, 200);
        var street = check.Required(nameof(Street), Street, 200);
        var postcode = check.Required(nameof(Postcode), Postcode, 4);
        if (postcode is not null && !KoproGo.Domain.Buildings.Postcode.IsBelgian(postcode))
            check.Error(nameof(Postcode), "Enter a Belgian postcode of four digits.");
        var city = check.Required(nameof(City), City, 100);
        var company = check.CompanyNumber(nameof(CompanyNumber), CompanyNumber);
        var iban = check.Iban(nameof(Iban), Iban);
        var total = check.Integer(nameof(TotalShares), TotalShares, 1, 1_000_000, required: true);
        var year = check.Integer(nameof(ConstructionYear), ConstructionYear, 1000, BrusselsTime.Today.Year + 5, required: false);
        var language = check.Language(nameof(Language), Language);
        var syndicName = check.Required(nameof(SyndicName), SyndicName, 200);
        var syndicAddress = check.Required(nameof(SyndicAddress), SyndicAddress, 300);
        var syndicPhone = check.Phone(nameof(SyndicPhone), SyndicPhone, required: true);
        var syndicEmail = check.Email(nameof(SyndicEmail), SyndicEmail, required: true);
        var syndicCompany = check.CompanyNumber(nameof(SyndicCompanyNumber), SyndicCompanyNumber);
        var hours = check.Optional(nameof(SyndicOfficeHours), SyndicOfficeHours, 300);
        var delay = check.Integer(nameof(ConvocationDays), ConvocationDays, 1, 90, required: true);
        return state.IsValid
            ? new Values(name!, street!, postcode!, city!, company, iban, total!.Value, year, language!, syndicName!, syndicAddress!,
                syndicPhone!, syndicEmail!, syndicCompany, hours, delay!.Value)
            : null;
    }

    public static BuildingInput From(Values v) => new()
    {
        Name = v.Name, Street = v.Street, Postcode = v.Postcode, City = v.City,
        CompanyNumber = v.CompanyNumber is null ? null : KoproGo.Domain.Buildings.CompanyNumber.Format(v.CompanyNumber),
        Iban = v.Iban is null ? null : KoproGo.Domain.Buildings.Iban.Format(v.Iban),
        TotalShares = v.TotalShares.ToString(), ConstructionYear = v.ConstructionYear?.ToString(), Language = v.Language,
        SyndicName = v.SyndicName, SyndicAddress = v.SyndicAddress, SyndicPhone = v.SyndicPhone, SyndicEmail = v.SyndicEmail,
        SyndicCompanyNumber = v.SyndicCompanyNumber is null ? null : KoproGo.Domain.Buildings.CompanyNumber.Format(v.SyndicCompanyNumber),
        SyndicOfficeHours = v.SyndicOfficeHours, ConvocationDays = v.ConvocationDays.ToString(),
    };

    /// <summary>Columns in the order of <see cref="Values"/>, for the insert and update statements.</summary>
    public const string Columns = """
        name, street, postcode, city, company_number, iban, total_shares, construction_year, language,
        syndic_name, syndic_address, syndic_phone, syndic_email, syndic_company_number, syndic_office_hours, convocation_days
        """;

    /// <summary>The matching parameters, named after <see cref="Values"/>.</summary>
    public const string Parameters = """
        @Name, @Street, @Postcode, @City, @CompanyNumber, @Iban, @TotalShares, @ConstructionYear, @Language,
        @SyndicName, @SyndicAddress, @SyndicPhone, @SyndicEmail, @SyndicCompanyNumber, @SyndicOfficeHours, @ConvocationDays
        """;
}
