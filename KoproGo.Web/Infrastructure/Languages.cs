using System.Globalization;
using System.Resources;
using Microsoft.AspNetCore.Localization;

namespace KoproGo.Web.Infrastructure;

/// <summary>The four languages of Belgium's users: French, Dutch, German, English. Formats follow the Belgian culture.</summary>
public static class Languages
{
    public static readonly string[] All = ["fr", "nl", "de", "en"];
    public const string Default = "fr";
    public const string CookieName = "koprogo-lang";

    public static bool IsSupported(string? code) => code is not null && All.Contains(code);

    public static CultureInfo Culture(string code) => CultureInfo.GetCultureInfo(IsSupported(code) ? code + "-BE" : "fr-BE");

    /// <summary>The language's own name, for the switch: a Dutch speaker looks for "Nederlands".</summary>
    public static string NativeName(string code) => code switch
    {
        "fr" => "Français",
        "nl" => "Nederlands",
        "de" => "Deutsch",
        _ => "English",
    };

    public static string Current => CultureInfo.CurrentUICulture.TwoLetterISOLanguageName is var c && IsSupported(c) ? c : Default;

    private static readonly ResourceManager Resources = new("KoproGo.Web.Resources.SharedResource", typeof(Languages).Assembly);

    /// <summary>A text in a given language, for pages that show several at once (the public syndic page).</summary>
    public static string Text(string language, string key) => Resources.GetString(key, Culture(language)) ?? key;

    public static void Configure(RequestLocalizationOptions options)
    {
        var cultures = All.Select(Culture).ToList();
        options.DefaultRequestCulture = new RequestCulture(Culture(Default));
        options.SupportedCultures = cultures;
        options.SupportedUICultures = cultures;
        options.RequestCultureProviders =
        [
            new CustomRequestCultureProvider(context =>
            {
                var fromCookie = context.Request.Cookies[CookieName];
                var code = IsSupported(fromCookie) ? fromCookie : FromAcceptLanguage(context.Request.Headers.AcceptLanguage.ToString());
                return Task.FromResult<ProviderCultureResult?>(code is null ? null : new ProviderCultureResult(code + "-BE"));
            }),
        ];
    }

    /// <summary>The first of the browser's languages we speak: "nl-NL,nl;q=0.9,en;q=0.8" → nl.</summary>
    public static string? FromAcceptLanguage(string header)
    {
        foreach (var part in header.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                     .Select(p => p.Split(';')[0].Trim()))
        {
            var code = part.Length >= 2 ? part[..2].ToLowerInvariant() : part;
            if (IsSupported(code)) return code;
        }
        return null;
    }

    public static void Remember(HttpResponse response, string code) =>
        response.Cookies.Append(CookieName, code, new CookieOptions
        {
            MaxAge = TimeSpan.FromDays(365),
            HttpOnly = true,
            SameSite = SameSiteMode.Lax,
            Secure = response.HttpContext.Request.IsHttps,
            IsEssential = true,
        });
}
