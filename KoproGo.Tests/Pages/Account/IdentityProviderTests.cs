using System.Net;
using System.Web;
using KoproGo.Tests.Support;

namespace KoproGo.Tests.Pages.Account;

/// <summary>
/// Signing in through an identity provider, against a real OpenID Connect provider (node-oidc-provider): an account is
/// linked once by its signed-in owner, then the provider's sign-in alone opens it, with the level it vouched for.
/// </summary>
public class IdentityProviderTests(App app) : AppTest(app), IAsyncLifetime
{
    private TestIdentityProvider Provider => App.IdentityProvider;

    async Task IAsyncLifetime.InitializeAsync()
    {
        await App.Reset();
        await Provider.EnsureStarted(App.BaseUrl);
        // the texts asserted are the English ones
        await Scalar<int>("update users set language = 'en' returning 1");
    }

    private Task<long> UserId(string email) => Scalar<long>("select id from users where email = @email", new { email });

    [Fact]
    public async Task An_owner_links_their_identity_once_then_signs_in_through_the_provider_alone()
    {
        var owner = await SignedIn("owner@demo.koprogo.be");
        var page = await owner.Get("/account/identity");
        Assert.Contains("not linked yet", page.MainText());

        // The way to the provider: the request itself was pushed to it first (RFC 9126), the browser carries only its
        // reference; the provider refuses any request without PKCE, so getting through proves it was there.
        var toProvider = await owner.Post("/account/identity?handler=Link");
        Assert.Equal(HttpStatusCode.Redirect, toProvider.StatusCode);
        var asked = HttpUtility.ParseQueryString(toProvider.Headers.Location!.Query);
        Assert.StartsWith(Provider.Authority + "/auth", toProvider.Headers.Location!.AbsoluteUri);
        Assert.Equal("koprogo", asked["client_id"]);
        Assert.StartsWith("urn:ietf:params:oauth:request_uri:", asked["request_uri"]);
        Assert.Null(asked["code_challenge"]);
        var back = await Provider.Visit(owner, toProvider, "sophie.at.provider");
        Assert.Equal("/account/identity", back.Headers.Location?.OriginalString);
        Assert.Contains("linked since", (await owner.Get("/account/identity")).MainText());
        var sophie = await UserId("owner@demo.koprogo.be");
        Assert.Equal((Provider.Authority, "sophie.at.provider"),
            await Row<(string, string)>("select issuer, subject from user_identities where user_id = @sophie", new { sophie }));
        Assert.Equal(1L, await Scalar<long>("select count(*) from audit_log where entity = 'user' and entity_id = @sophie and action = 'identity_linked'", new { sophie }));

        // Another device: the button on the sign-in page, the provider, and Sophie is in — no password typed.
        var phone = App.NewSession();
        var login = await phone.Get("/account/login");
        Assert.Contains("Sign in with Test ID", login.MainText());
        var signedIn = await phone.SignInThroughProvider(Provider, "sophie.at.provider", "high");
        Assert.Equal("/", signedIn.Headers.Location?.OriginalString);
        Assert.Contains("Sophie Lambert", (await phone.Get("/my")).QuerySelector("header")!.TextContent);
        Assert.Equal(("provider", TestIdentityProvider.StrongLevel, true),
            await Row<(string, string, bool)>("select via, acr, strong from user_sessions where user_id = @sophie order by id desc limit 1", new { sophie }));
        Assert.NotNull(await Scalar<DateTime?>("select last_used_at from user_identities where user_id = @sophie", new { sophie }));
        Assert.Contains("through Test ID, strong", (await phone.Get("/account/sessions")).MainText());
        Assert.Contains("at a strong level", (await phone.Get("/account/identity")).MainText());

        // At the provider's low level the session is recorded, not strong.
        var tablet = App.NewSession();
        await tablet.SignInThroughProvider(Provider, "sophie.at.provider", "low");
        Assert.Equal(("provider", TestIdentityProvider.LowLevel, false),
            await Row<(string, string, bool)>("select via, acr, strong from user_sessions where user_id = @sophie order by id desc limit 1", new { sophie }));

        // Unlinked, the identity opens nothing any more.
        Assert.Equal(HttpStatusCode.Redirect, (await owner.Post("/account/identity?handler=Unlink")).StatusCode);
        Assert.Equal(0L, await Scalar<long>("select count(*) from user_identities"));
        var later = App.NewSession();
        Assert.Equal(HttpStatusCode.OK, (await later.SignInThroughProvider(Provider, "sophie.at.provider")).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await later.GetRaw("/my")).StatusCode);
    }

    [Fact]
    public async Task An_identity_linked_to_no_account_opens_none_and_says_what_to_do()
    {
        var stranger = App.NewSession();
        var answer = await stranger.SignInThroughProvider(Provider, "nobody.we.know");
        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        Assert.Contains("No KoproGo account is linked to this Test ID identity", (await Session.Parse(answer)).MainText());
        Assert.Null(stranger.Cookie("koprogo-auth"));
        Assert.Equal(HttpStatusCode.Redirect, (await stranger.GetRaw("/my")).StatusCode);
        Assert.Equal(0L, await Scalar<long>("select count(*) from user_sessions"));
    }

    [Fact]
    public async Task An_identity_belongs_to_one_account_only_whatever_the_firm()
    {
        var owner = await SignedIn("owner@demo.koprogo.be");
        await owner.LinkAtProvider(Provider, "shared.person");
        // someone of another firm, signed in with their own password, links the same identity at the provider
        var other = await SignedIn("owner2@demo.koprogo.be");
        var back = await other.LinkAtProvider(Provider, "shared.person");
        Assert.Equal("/account/identity", back.Headers.Location?.OriginalString);
        Assert.Contains("already linked to another KoproGo account", (await other.Get("/account/identity")).MainText());
        Assert.Equal(await UserId("owner@demo.koprogo.be"), await Scalar<long>("select user_id from user_identities where subject = 'shared.person'"));
        Assert.Equal(1L, await Scalar<long>("select count(*) from user_identities"));
        // and signing in with it still opens Sophie's account, not Camille's
        var phone = App.NewSession();
        await phone.SignInThroughProvider(Provider, "shared.person");
        Assert.Contains("Sophie Lambert", (await phone.Get("/my")).QuerySelector("header")!.TextContent);
    }

    [Fact]
    public async Task With_two_factor_sign_in_a_weak_provider_sign_in_still_asks_for_the_code_a_strong_one_does_not()
    {
        var owner = await SignedIn("owner@demo.koprogo.be");
        await owner.LinkAtProvider(Provider, "careful.sophie");
        await Scalar<int>("update users set totp_secret = 'set up', totp_enabled_at = now() where email = 'owner@demo.koprogo.be' returning 1");

        var weak = App.NewSession();
        var answer = await weak.SignInThroughProvider(Provider, "careful.sophie", "low");
        Assert.Equal("/account/login/code", answer.Headers.Location?.OriginalString);
        Assert.Null(weak.Cookie("koprogo-auth"));

        var strong = App.NewSession();
        Assert.Equal("/", (await strong.SignInThroughProvider(Provider, "careful.sophie", "high")).Headers.Location?.OriginalString);
        Assert.NotNull(strong.Cookie("koprogo-auth"));
    }

    [Fact]
    public async Task A_forged_or_cancelled_answer_from_the_provider_signs_nobody_in_and_says_so()
    {
        var visitor = App.NewSession();
        // an answer nobody asked for (no correlation cookie, a made-up state and code)
        var forged = await visitor.GetRaw("/signin-oidc?code=made-up&state=made-up&iss=" + Uri.EscapeDataString(Provider.Authority));
        Assert.Equal(HttpStatusCode.Redirect, forged.StatusCode);
        var page = await visitor.Get(forged.Headers.Location!.OriginalString);
        Assert.Contains("did not complete", page.MainText());
        // the person cancels at the provider
        var cancelled = await Provider.Visit(visitor, await visitor.Post("/account/external", ("returnUrl", "/")), person: null);
        Assert.Equal(HttpStatusCode.OK, cancelled.StatusCode);
        Assert.Equal("/account/external/done", cancelled.RequestMessage!.RequestUri!.AbsolutePath);
        Assert.Contains("did not complete", (await Session.Parse(cancelled)).MainText());
        Assert.Null(visitor.Cookie("koprogo-auth"));
        // the answer page on its own, with nothing to read, sends nobody anywhere
        Assert.Contains("did not complete", (await visitor.Get("/account/external/done")).MainText());
    }

    [Fact]
    public async Task Linking_needs_a_signed_in_account()
    {
        var visitor = App.NewSession();
        var response = await visitor.Post("/account/identity?handler=Link");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/account/login", response.Headers.Location!.AbsolutePath);
    }
}
