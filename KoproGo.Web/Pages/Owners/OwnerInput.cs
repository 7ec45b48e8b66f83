using KoproGo.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.Extensions.Localization;

namespace KoproGo.Web.Pages.Owners;

public sealed class OwnerInput
{
    public string? Kind { get; set; } = "natural";
    public string? FirstName { get; set; }
    public string? LastName { get; set; }
    public string? CompanyNumber { get; set; }
    public string? Email { get; set; }
    public string? Phone { get; set; }
    public string? Language { get; set; } = "fr";
    public string? Street { get; set; }
    public string? Postcode { get; set; }
    public string? City { get; set; }
    public string? Country { get; set; } = "BE";
    /// <summary>Art. 3.87 §3: the owner accepted in writing to receive convocations by e-mail.</summary>
    public bool EmailConvocations { get; set; }

    public sealed record Values(string Kind, string? FirstName, string LastName, string? CompanyNumber, string? Email, string? Phone,
        string Language, string? Street, string? Postcode, string? City, string Country, bool EmailConvocations);

    public const string Columns = "kind, first_name, last_name, company_number, email, phone, language, street, postcode, city, country, email_convocations";
    public const string Parameters = "@Kind, @FirstName, @LastName, @CompanyNumber, @Email, @Phone, @Language, @Street, @Postcode, @City, @Country, @EmailConvocations";

    public Values? Validate(ModelStateDictionary state, IStringLocalizer l)
    {
        var check = new FormCheck(state, l, "Input");
        var kind = Kind is "natural" or "legal" ? Kind : null;
        if (kind is null) check.Error(nameof(Kind), "Choose one of the options offered.");
        var first = kind == "natural" ? check.Required(nameof(FirstName), FirstName, 100) : null;
        var last = check.Required(nameof(LastName), LastName, 200);
        var company = check.CompanyNumber(nameof(CompanyNumber), CompanyNumber);
        var email = check.Email(nameof(Email), Email, required: false);
        var phone = check.Phone(nameof(Phone), Phone, required: false);
        var language = check.Language(nameof(Language), Language);
        var (street, postcode, city, country) = check.Address(Street, Postcode, City, Country);
        if (EmailConvocations && email is null && FormInput.Trimmed(Email) is null)
            check.Error(nameof(Email), "An e-mail address is needed to send convocations by e-mail.");
        return state.IsValid ? new Values(kind!, first, last!, company, email, phone, language!, street, postcode, city, country, EmailConvocations) : null;
    }

    public static OwnerInput From(Values v) => new()
    {
        Kind = v.Kind, FirstName = v.FirstName, LastName = v.LastName,
        CompanyNumber = v.CompanyNumber is null ? null : KoproGo.Domain.Buildings.CompanyNumber.Format(v.CompanyNumber),
        Email = v.Email, Phone = v.Phone, Language = v.Language, Street = v.Street, Postcode = v.Postcode, City = v.City, Country = v.Country,
        EmailConvocations = v.EmailConvocations,
    };
}
