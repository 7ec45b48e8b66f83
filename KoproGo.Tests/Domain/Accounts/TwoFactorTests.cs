using KoproGo.Domain.Accounts;

namespace KoproGo.Tests.Domain.Accounts;

public class TwoFactorRuleTests
{
    [Theory]
    [InlineData(new[] { "Syndic" }, true, true)]
    [InlineData(new[] { "Accountant", "Owner" }, true, true)]
    [InlineData(new[] { "Syndic" }, false, false)]
    [InlineData(new[] { "Owner", "BoardMember", "Resident" }, true, false)]
    public void A_firm_requires_it_of_its_staff_only(string[] roles, bool firmRequires, bool required) =>
        Assert.Equal(required, TwoFactor.Required(roles, firmRequires));

    [Fact]
    public void Backup_codes_are_ten_different_codes_easy_to_copy()
    {
        var codes = TwoFactor.NewBackupCodes();
        Assert.Equal(TwoFactor.BackupCodeCount, codes.Distinct().Count());
        Assert.All(codes, c => Assert.Matches("^[a-hjkmnp-z2-9]{5}-[a-hjkmnp-z2-9]{5}$", c));
    }

    [Theory]
    [InlineData("ABCDE-FGHJK", "abcdefghjk")]
    [InlineData(" abcde fghjk ", "abcdefghjk")]
    [InlineData("123 456", "123456")]
    [InlineData(null, "")]
    public void A_code_is_read_as_typed_whatever_the_spaces_dashes_and_case(string? typed, string read) =>
        Assert.Equal(read, TwoFactor.Normalise(typed));

    [Theory]
    [InlineData("123456", true)]
    [InlineData("12345", false)]
    [InlineData("1234567", false)]
    [InlineData("abcdefghjk", false)]
    public void Six_digits_are_an_apps_code(string code, bool appCode) => Assert.Equal(appCode, TwoFactor.LooksLikeAppCode(code));

    [Fact]
    public void A_backup_code_is_stored_as_the_digest_of_what_it_reads() =>
        Assert.Equal(TwoFactor.BackupCodeHash("abcde-fghjk"), TwoFactor.BackupCodeHash("ABCDE FGHJK"));
}
