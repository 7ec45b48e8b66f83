using System.Security.Claims;
using KoproGo.Domain.Accounts;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;

namespace KoproGo.Web.Infrastructure;

/// <summary>
/// The deployment's identity provider (OpenID Connect, authorization code with PKCE), set in KoproGo:Oidc: Authority,
/// ClientId, ClientSecret, Name (shown on the button, "itsme®"), StrongLevels (the acr values trusted as strong,
/// separated by spaces) and AcrValues (asked of the provider, optional). Without an authority there is no button.
/// </summary>
public sealed class IdentityProviderOptions
{
    public const string Section = "KoproGo:Oidc";

    public string? Authority { get; set; }
    public string? ClientId { get; set; }
    public string? ClientSecret { get; set; }
    public string Name { get; set; } = "OpenID Connect";
    public string StrongLevels { get; set; } = "";
    public string? AcrValues { get; set; }

    public bool IsConfigured => !string.IsNullOrWhiteSpace(Authority) && !string.IsNullOrWhiteSpace(ClientId);

    public IReadOnlyList<string> Strong => StrongLevels.Split(' ', StringSplitOptions.RemoveEmptyEntries);
}

public static class IdentityProvider
{
    /// <summary>The provider's scheme: a challenge sends the browser to it.</summary>
    public const string Scheme = "oidc";

    /// <summary>Holds the provider's answer for the few seconds between its callback and /account/external/done.</summary>
    public const string AnswerScheme = "koprogo-external";

    /// <summary>What the sign-in at the provider is for, kept in the protected state that makes the round trip.</summary>
    public const string PurposeItem = "koprogo:purpose", UserItem = "koprogo:user", ReturnItem = "koprogo:return";
    public const string SignInPurpose = "sign-in", LinkPurpose = "link";

    /// <summary>A challenge's state for <paramref name="purpose"/>: the provider's answer is read at /account/external/done.</summary>
    public static AuthenticationProperties Asking(string purpose)
    {
        var properties = new AuthenticationProperties { RedirectUri = "/account/external/done" };
        properties.Items[PurposeItem] = purpose;
        return properties;
    }

    public static void Add(AuthenticationBuilder authentication, IConfiguration configuration)
    {
        var options = configuration.GetSection(IdentityProviderOptions.Section).Get<IdentityProviderOptions>() ?? new();
        authentication.Services.AddSingleton(options);
        if (!options.IsConfigured) return;
        authentication.AddCookie(AnswerScheme, o =>
        {
            o.Cookie.Name = "koprogo-external";
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Lax;
            o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            o.ExpireTimeSpan = TimeSpan.FromMinutes(5);
        });
        authentication.AddOpenIdConnect(Scheme, o =>
        {
            o.Authority = options.Authority;
            o.ClientId = options.ClientId;
            o.ClientSecret = options.ClientSecret;
            o.ResponseType = "code";
            o.UsePkce = true;
            // The answer comes back as a plain top-level GET: the correlation and nonce cookies can then be Lax (a
            // cross-site form post would need SameSite=None, which browsers refuse without HTTPS).
            o.ResponseMode = "query";
            o.CorrelationCookie.SameSite = o.NonceCookie.SameSite = SameSiteMode.Lax;
            // Secure whenever the request is HTTPS, like the sign-in cookie (the framework's default, always, loses them on
            // plain HTTP on loopback in development)
            o.CorrelationCookie.SecurePolicy = o.NonceCookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            o.SignInScheme = AnswerScheme;
            // Only who the person is at the provider (sub) and how strongly it checked (acr): no e-mail, no name, no
            // token kept (GDPR art. 5 §1 c). Claims keep their protocol names.
            o.Scope.Clear();
            o.Scope.Add("openid");
            o.MapInboundClaims = false;
            // the handler drops these two by default; they are the ones kept (who vouched, at which level)
            o.ClaimActions.Remove("iss");
            o.ClaimActions.Remove("acr");
            o.SaveTokens = false;
            o.GetClaimsFromUserInfoEndpoint = false;
            o.RequireHttpsMetadata = !IsLoopback(options.Authority!);
            o.Events.OnRedirectToIdentityProvider = context =>
            {
                if (!string.IsNullOrWhiteSpace(options.AcrValues)) context.ProtocolMessage.AcrValues = options.AcrValues;
                context.ProtocolMessage.UiLocales = System.Globalization.CultureInfo.CurrentUICulture.TwoLetterISOLanguageName;
                return Task.CompletedTask;
            };
            // Cancelled at the provider, or an answer that does not check out: the person reads why on our page.
            o.Events.OnRemoteFailure = context =>
            {
                context.HttpContext.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(IdentityProvider))
                    .LogWarning(context.Failure, "Sign-in through the identity provider failed");
                context.Response.Redirect("/account/external/done?failed=1");
                context.HandleResponse();
                return Task.CompletedTask;
            };
        });
    }

    private static bool IsLoopback(string authority) =>
        Uri.TryCreate(authority, UriKind.Absolute, out var uri) && uri.IsLoopback;

    /// <summary>Who the provider says the person is, read from the answer's ID token claims; null when incomplete.</summary>
    public sealed record Identity(string Issuer, string Subject, string? Acr);

    public static Identity? IdentityOf(ClaimsPrincipal principal)
    {
        var issuer = principal.FindFirstValue("iss");
        var subject = principal.FindFirstValue("sub");
        var acr = principal.FindFirstValue("acr");
        if (string.IsNullOrEmpty(issuer) || string.IsNullOrEmpty(subject)) return null;
        if (issuer.Length > ExternalSignIn.MaxLength || subject.Length > ExternalSignIn.MaxLength || acr?.Length > ExternalSignIn.MaxLength) return null;
        return new Identity(issuer, subject, string.IsNullOrEmpty(acr) ? null : acr);
    }
}
