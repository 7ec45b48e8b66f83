using KoproGo.Domain.Accounts;

namespace KoproGo.Tests.Domain.Accounts;

public class ExternalSignInTests
{
    private static readonly string[] Trusted = ["http://eidas.europa.eu/LoA/substantial", "http://eidas.europa.eu/LoA/high"];

    [Theory]
    [InlineData("http://eidas.europa.eu/LoA/high", true)]
    [InlineData("http://eidas.europa.eu/LoA/substantial", true)]
    [InlineData("http://eidas.europa.eu/LoA/low", false)]
    [InlineData("http://eidas.europa.eu/loa/high", false)]   // levels are URIs compared exactly, not loosely
    [InlineData("", false)]
    [InlineData(null, false)]
    public void A_sign_in_is_strong_only_at_a_level_the_deployment_trusts(string? acr, bool strong) =>
        Assert.Equal(strong, ExternalSignIn.IsStrong(acr, Trusted));

    [Fact]
    public void With_no_trusted_level_no_sign_in_is_strong() =>
        Assert.False(ExternalSignIn.IsStrong("http://eidas.europa.eu/LoA/high", []));

    [Theory]
    [InlineData(true, false, true)]    // a password at the provider: the app's code is still asked
    [InlineData(true, true, false)]    // the provider checked two factors itself
    [InlineData(false, false, false)]  // no code set up: nothing to ask
    public void The_code_is_still_asked_after_a_weak_provider_sign_in(bool enabled, bool strong, bool asked) =>
        Assert.Equal(asked, ExternalSignIn.StillAsksForCode(enabled, strong));
}
