using System.Net;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using KoproGo.Tests.Support;
using OtpNet;

namespace KoproGo.Tests.Pages.Account;

/// <summary>Two-factor sign-in, driven like a person with an authenticator app: the codes come from the shown secret.</summary>
public class TwoFactorTests(App app) : AppTest(app)
{
    /// <summary>Sets up two-factor sign-in for a signed-in person; the secret their app would hold and the backup codes shown.</summary>
    private static async Task<(Totp App, string[] BackupCodes, string Secret)> Enrol(Session session, string email)
    {
        Assert.Equal(HttpStatusCode.Redirect, (await session.Post("/account/two-factor?handler=Start")).StatusCode);
        var page = await session.Get("/account/two-factor");
        var secret = page.QuerySelector("code.secret")!.TextContent;
        // the QR code, read back by zbarimg, is the key URI authenticator apps take
        var image = page.QuerySelector<IHtmlImageElement>("img")!.Source!;
        Assert.StartsWith("data:image/png;base64,", image);
        var scanned = System.Text.Encoding.UTF8.GetString(await QrScan.CodeOfImage(Convert.FromBase64String(image["data:image/png;base64,".Length..]))).Trim();
        Assert.Equal($"otpauth://totp/KoproGo:{Uri.EscapeDataString(email)}?secret={secret}&issuer=KoproGo&digits=6&period=30", scanned);
        var app = new Totp(Base32Encoding.ToBytes(secret));
        Assert.Equal(HttpStatusCode.Redirect, (await session.Post("/account/two-factor?handler=Confirm", ("Input.Code", app.ComputeTotp()))).StatusCode);
        var codes = (await session.Get("/account/two-factor")).QuerySelectorAll(".backup-codes code").Select(c => c.TextContent).ToArray();
        return (app, codes, secret);
    }

    /// <summary>The password step: answers the redirect to the code step.</summary>
    private static async Task PasswordStep(Session session, string email)
    {
        var response = await session.Post("/account/login", ("Input.Email", email), ("Input.Password", Session.DemoPassword));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/account/login/code", response.Headers.Location!.OriginalString);
    }

    private static Task<HttpResponseMessage> CodeStep(Session session, string code, bool remember = false) =>
        session.Post("/account/login/code", ("Input.Code", code), ("Input.Remember", remember ? "true" : "false"));

    /// <summary>The next code of the app (a code is accepted once: two sign-ins in the same 30 s need the next one).</summary>
    private static string Next(Totp app) => app.ComputeTotp(DateTime.UtcNow.AddSeconds(30));

    [Fact]
    public async Task An_owner_sets_it_up_and_then_signs_in_with_a_code_from_the_app()
    {
        var owner = await SignedIn("owner@demo.koprogo.be");
        var (app, codes, secret) = await Enrol(owner, "owner@demo.koprogo.be");
        Assert.Equal(10, codes.Distinct().Count());
        Assert.All(codes, c => Assert.Matches("^[a-z2-9]{5}-[a-z2-9]{5}$", c));
        // the secret is kept encrypted, the backup codes as digests
        var stored = await Scalar<string>("select totp_secret from users where email = 'owner@demo.koprogo.be'");
        Assert.Equal(32, secret.Length);
        Assert.DoesNotContain(secret, stored);
        Assert.Equal(10L, await Scalar<long>("select count(*) from backup_codes"));
        Assert.Null((await owner.Get("/account/two-factor")).QuerySelector(".backup-codes"));

        var phone = App.NewSession();
        await PasswordStep(phone, "owner@demo.koprogo.be");
        // between the two steps nobody is signed in
        Assert.Equal(HttpStatusCode.Redirect, (await phone.GetRaw("/my")).StatusCode);
        var wrong = await CodeStep(phone, "000000");
        Assert.Equal(HttpStatusCode.OK, wrong.StatusCode);
        Assert.Contains("This code is not valid", (await Session.Parse(wrong)).FieldError("Input.Code"));
        Assert.Equal(HttpStatusCode.Redirect, (await CodeStep(phone, Next(app))).StatusCode);
        await phone.Get("/my");

        // the same code does not open a second sign-in
        var replay = App.NewSession();
        await PasswordStep(replay, "owner@demo.koprogo.be");
        Assert.Equal(HttpStatusCode.OK, (await CodeStep(replay, Next(app))).StatusCode);
    }

    [Fact]
    public async Task A_backup_code_signs_in_once()
    {
        var (_, codes, _) = await Enrol(await SignedIn("owner@demo.koprogo.be"), "owner@demo.koprogo.be");
        var first = App.NewSession();
        await PasswordStep(first, "owner@demo.koprogo.be");
        Assert.Equal(HttpStatusCode.Redirect, (await CodeStep(first, codes[3].ToUpperInvariant().Replace("-", " "))).StatusCode);
        await first.Get("/my");

        var again = App.NewSession();
        await PasswordStep(again, "owner@demo.koprogo.be");
        Assert.Equal(HttpStatusCode.OK, (await CodeStep(again, codes[3])).StatusCode);
        Assert.Equal(9L, await Scalar<long>("select count(*) from backup_codes where used_at is null"));
        Assert.Contains("Codes de secours restants : 9.", (await first.Get("/account/two-factor")).QuerySelector("main")!.TextContent);
    }

    [Fact]
    public async Task A_trusted_device_skips_the_code_and_others_still_need_it()
    {
        var (app, _, _) = await Enrol(await SignedIn("owner@demo.koprogo.be"), "owner@demo.koprogo.be");
        var home = App.NewSession();
        await PasswordStep(home, "owner@demo.koprogo.be");
        Assert.Equal(HttpStatusCode.Redirect, (await CodeStep(home, Next(app), remember: true)).StatusCode);
        await home.Post("/account/logout");

        var back = await home.Post("/account/login", ("Input.Email", "owner@demo.koprogo.be"), ("Input.Password", Session.DemoPassword));
        Assert.Equal("/", back.Headers.Location!.OriginalString);
        await home.Get("/my");
        await PasswordStep(App.NewSession(), "owner@demo.koprogo.be");
    }

    [Fact]
    public async Task Guessing_codes_is_slowed_down_for_the_account()
    {
        await Enrol(await SignedIn("owner@demo.koprogo.be"), "owner@demo.koprogo.be");
        var guesser = App.NewSession();
        await PasswordStep(guesser, "owner@demo.koprogo.be");
        for (var i = 0; i < 5; i++) await CodeStep(guesser, $"{i:000000}");
        // from another browser too: the count is the account's
        var other = App.NewSession();
        await PasswordStep(other, "owner@demo.koprogo.be");
        var refused = await Session.Parse(await CodeStep(other, "123456"));
        Assert.Contains("Too many failed attempts", refused.FieldError("Input.Code"));
    }

    [Fact]
    public async Task A_firm_requiring_it_sends_its_staff_to_set_it_up_and_the_syndic_can_reset_it()
    {
        var syndic = await SignedIn("syndic@demo.koprogo.be");
        Assert.Equal(HttpStatusCode.Redirect, (await syndic.Post("/users?handler=StaffTwoFactor", ("required", "true"), ("required", "false"))).StatusCode);
        Assert.True(await Scalar<bool>("select staff_two_factor from organisations o join users u on u.organisation_id = o.id where u.email = 'syndic@demo.koprogo.be'"));

        // the syndic's own open session is held to it at the next click, the accountant's at sign-in
        var held = await syndic.GetRaw("/dashboard");
        Assert.Equal("/account/two-factor", held.Headers.Location!.OriginalString);
        var accountant = await SignedIn("accountant@demo.koprogo.be");
        Assert.Equal("/account/two-factor", (await accountant.GetRaw("/dashboard")).Headers.Location!.OriginalString);
        // owners are not staff
        await (await SignedIn("owner@demo.koprogo.be")).Get("/my");

        var (app, _, _) = await Enrol(accountant, "accountant@demo.koprogo.be");
        await accountant.Get("/dashboard");
        // required: it cannot be turned off
        Assert.Null((await accountant.Get("/account/two-factor")).QuerySelector("form[action*=TurnOff]"));
        Assert.Equal(HttpStatusCode.BadRequest, (await accountant.Post("/account/two-factor?handler=TurnOff", ("Input.OffCode", Next(app)))).StatusCode);

        // lost phone: the syndic (set up in turn) resets it; the accountant signs in with the password and sets it up again
        await Enrol(syndic, "syndic@demo.koprogo.be");
        var accountantId = await Scalar<long>("select id from users where email = 'accountant@demo.koprogo.be'");
        Assert.Equal(HttpStatusCode.Redirect, (await syndic.Post($"/users?handler=ResetTwoFactor&id={accountantId}")).StatusCode);
        Assert.Equal(1L, await Scalar<long>("select count(*) from audit_log where action = 'two_factor_reset' and entity_id = @accountantId", new { accountantId }));
        var again = App.NewSession();
        await again.SignIn("accountant@demo.koprogo.be");
        Assert.Equal("/account/two-factor", (await again.GetRaw("/dashboard")).Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task An_owner_turns_it_off_with_a_code_and_nobody_resets_another_firms_account()
    {
        var owner = await SignedIn("owner@demo.koprogo.be");
        var (app, _, _) = await Enrol(owner, "owner@demo.koprogo.be");
        var empty = await Session.Parse(await owner.Post("/account/two-factor?handler=TurnOff", ("Input.OffCode", "")));
        Assert.NotNull(empty.FieldError("Input.OffCode"));
        Assert.Equal(HttpStatusCode.Redirect, (await owner.Post("/account/two-factor?handler=TurnOff", ("Input.OffCode", Next(app)))).StatusCode);
        Assert.Null(await Scalar<DateTime?>("select totp_enabled_at from users where email = 'owner@demo.koprogo.be'"));
        Assert.Equal(0L, await Scalar<long>("select count(*) from backup_codes"));

        await Enrol(owner, "owner@demo.koprogo.be");
        var ownerId = await Scalar<long>("select id from users where email = 'owner@demo.koprogo.be'");
        var other = await SignedIn("syndic2@demo.koprogo.be");
        Assert.Equal(HttpStatusCode.NotFound, (await other.Post($"/users?handler=ResetTwoFactor&id={ownerId}")).StatusCode);
        Assert.NotNull(await Scalar<DateTime?>("select totp_enabled_at from users where id = @ownerId", new { ownerId }));
    }
}
