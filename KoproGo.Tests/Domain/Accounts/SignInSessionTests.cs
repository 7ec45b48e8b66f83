using System.Net;
using KoproGo.Domain.Accounts;

namespace KoproGo.Tests.Domain.Accounts;

public class SignInSessionTests
{
    private static readonly DateTimeOffset SignedIn = new(2027, 3, 27, 22, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(0, 0, true)]
    [InlineData(7 * 60 + 59, 7 * 60 + 59, true)]         // used 7 h 59 ago
    [InlineData(8 * 60, 8 * 60, false)]                  // unused for 8 hours: lapsed
    [InlineData(14 * 24 * 60 - 1, 30, true)]             // used all along, one minute before two weeks
    [InlineData(14 * 24 * 60, 30, false)]                // two weeks after signing in, however often used
    public void A_session_lapses_when_unused_for_eight_hours_or_two_weeks_after_sign_in(int minutesSinceSignIn, int minutesSinceUse, bool live)
    {
        var now = SignedIn.AddMinutes(minutesSinceSignIn);
        Assert.Equal(live, SignInSession.IsLive(SignedIn, now.AddMinutes(-minutesSinceUse), null, now));
    }

    [Fact]
    public void An_ended_session_is_never_live_again() =>
        Assert.False(SignInSession.IsLive(SignedIn, SignedIn, SignedIn, SignedIn.AddMinutes(1)));

    [Fact]
    public void Each_ending_has_its_own_code() =>
        Assert.Equal(Enum.GetValues<SessionEnd>().Length, Enum.GetValues<SessionEnd>().Select(SignInSession.Code).Distinct().Count());

    [Theory]
    [InlineData("192.0.2.57", "192.0.2.0/24")]
    [InlineData("::ffff:198.51.100.7", "198.51.100.0/24")]
    [InlineData("2001:db8:85a3:8d3:1319:8a2e:370:7348", "2001:db8:85a3::/48")]
    [InlineData("::1", "::/48")]
    public void Only_the_network_of_an_address_is_kept(string address, string network) =>
        Assert.Equal(network, SignInSession.NetworkOf(IPAddress.Parse(address)));

    [Fact]
    public void No_address_no_network() => Assert.Equal("", SignInSession.NetworkOf(null));

    [Theory]
    [InlineData("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0", "Edge", "Windows")]
    [InlineData("Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36", "Chrome", "Android")]
    [InlineData("Mozilla/5.0 (iPad; CPU OS 12_5_7 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/12.1.2 Mobile/15E148 Safari/604.1", "Safari", "iOS")]
    [InlineData("Mozilla/5.0 (Macintosh; Intel Mac OS X 14.7; rv:133.0) Gecko/20100101 Firefox/133.0", "Firefox", "macOS")]
    [InlineData("Mozilla/5.0 (Linux; Android 4.4.2; GT-I9505) AppleWebKit/537.36 (KHTML, like Gecko) SamsungBrowser/2.1 Chrome/34.0.1847.76 Mobile Safari/537.36", "Samsung Internet", "Android")]
    [InlineData("Mozilla/5.0 (Windows NT 6.1; WOW64; Trident/7.0; rv:11.0) like Gecko", "Internet Explorer", "Windows")]
    [InlineData("Mozilla/5.0 (X11; CrOS x86_64 14541.0.0) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36", "Chrome", "ChromeOS")]
    [InlineData("curl/8.5.0", null, null)]
    public void A_device_is_told_by_its_browser_and_system(string userAgent, string? browser, string? system) =>
        Assert.Equal((browser, system), SignInSession.DeviceOf(userAgent));
}
