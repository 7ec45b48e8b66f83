using KoproGo.Domain.Buildings;
using KoproGo.Web.Infrastructure;

namespace KoproGo.Web.Pages.Public;

/// <summary>
/// The contact details a syndic must display at the building's entrance (name, address, phone, e-mail, company number),
/// read by slug for the public page and the poster. Only public columns are selected.
/// </summary>
public sealed record SyndicCard(string Slug, string Name, string Street, string Postcode, string City, string Language,
    string SyndicName, string SyndicAddress, string SyndicPhone, string SyndicEmail, string? SyndicCompanyNumber, string? SyndicOfficeHours)
{
    public string? CompanyNumberDisplay => SyndicCompanyNumber is null ? null : CompanyNumber.Format(SyndicCompanyNumber);

    public static Task<SyndicCard?> Find(Db db, string slug) => db.QuerySingleOrDefault<SyndicCard>("""
        select slug, name, street, postcode, city, language, syndic_name, syndic_address, syndic_phone, syndic_email,
               syndic_company_number, syndic_office_hours
        from buildings where slug = @slug
        """, new { slug });

    /// <summary>The page language first, then the building's, then the others: the order of the sections on the page.</summary>
    public IEnumerable<string> LanguagesFor(string current) =>
        new[] { current, Language }.Concat(Languages.All).Distinct();
}
