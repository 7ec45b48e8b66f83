using KoproGo.Domain.Buildings;

namespace KoproGo.Tests.Domain.Buildings;

public class IdentifierTests
{
    [Theory]
    [InlineData("BE68 5390 0754 7034")]
    [InlineData("be68539007547034")]
    [InlineData("NL91ABNA0417164300")]
    [InlineData("FR1420041010050500013M02606")]
    public void Valid_ibans_pass(string iban) => Assert.True(Iban.IsValid(iban));

    [Theory]
    [InlineData("BE68 5390 0754 7035")] // check digits wrong
    [InlineData("BE68 5390 0754 703")] // too short for Belgium
    [InlineData("XX68539007547034")]
    [InlineData("BE68-5390-0754-70#4")]
    [InlineData("")]
    public void Invalid_ibans_fail(string iban) => Assert.False(Iban.IsValid(iban));

    [Fact]
    public void Ibans_are_stored_compact_and_shown_in_groups_of_four()
    {
        Assert.Equal("BE68539007547034", Iban.Normalize(" be68 5390 0754 7034 "));
        Assert.Equal("BE68 5390 0754 7034", Iban.Format("BE68539007547034"));
    }

    [Theory]
    [InlineData("0403.170.701")]
    [InlineData("BE 0403.170.701")]
    [InlineData("0403170701")]
    [InlineData("403170701")]
    public void Belgian_company_numbers_pass_the_mod97_check(string number) => Assert.True(CompanyNumber.IsValid(number));

    [Theory]
    [InlineData("0403.170.702")]
    [InlineData("2403.170.701")]
    [InlineData("04031707")]
    [InlineData("0403-170-701x")]
    public void Wrong_company_numbers_fail(string number) => Assert.False(CompanyNumber.IsValid(number));

    [Fact]
    public void Company_numbers_are_shown_with_dots() => Assert.Equal("0403.170.701", CompanyNumber.Format("BE0403170701"));

    [Theory]
    [InlineData("Résidence Les Tilleuls", "residence-les-tilleuls")]
    [InlineData("  Gebouw 't Zonneke — Gent ", "gebouw-t-zonneke-gent")]
    [InlineData("!!!", "building")]
    public void Slugs_are_readable_ascii(string name, string slug) => Assert.Equal(slug, Slug.From(name));

    [Theory]
    [InlineData("1050", true)]
    [InlineData("9999", true)]
    [InlineData("0999", false)]
    [InlineData("105", false)]
    [InlineData("10500", false)]
    public void Belgian_postcodes_have_four_digits(string code, bool valid) => Assert.Equal(valid, Postcode.IsBelgian(code));
}

public class CodesTests
{
    [Theory]
    [InlineData("apartment", true)]
    [InlineData("Cellar", true)]
    [InlineData("castle", false)]
    [InlineData("1", false)]
    [InlineData("", false)]
    [InlineData(null, false)]
    public void Lot_kinds_are_read_from_their_stored_code(string? code, bool known) =>
        Assert.Equal(known, KoproGo.Domain.Codes.TryParse<LotKind>(code, out _));

    [Fact]
    public void Codes_are_lower_case_names() =>
        Assert.Equal("usufruct", KoproGo.Domain.Codes.ToCode(OwnershipRight.Usufruct));
}
