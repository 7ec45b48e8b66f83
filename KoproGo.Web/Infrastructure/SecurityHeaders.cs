namespace KoproGo.Web.Infrastructure;

public static class SecurityHeaders
{
    /// <summary>
    /// Only the app's own scripts and styles; no inline code, no framing, no plug-ins. Forms post to the app only — and,
    /// when the deployment has an identity provider, on to it: the "Sign in with …" form answers with a redirect there,
    /// which browsers hold to form-action too.
    /// </summary>
    public static string ContentSecurityPolicy(string? identityProvider)
    {
        var formTargets = Uri.TryCreate(identityProvider, UriKind.Absolute, out var provider) ? $"'self' {provider.GetLeftPart(UriPartial.Authority)}" : "'self'";
        return "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; " +
            $"connect-src 'self'; object-src 'none'; base-uri 'self'; form-action {formTargets}; frame-ancestors 'none'";
    }

    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app, string? identityProvider)
    {
        var policy = ContentSecurityPolicy(identityProvider);
        return app.Use(async (context, next) =>
        {
            var headers = context.Response.Headers;
            headers.ContentSecurityPolicy = policy;
            headers.XContentTypeOptions = "nosniff";
            headers.XFrameOptions = "DENY";
            headers["Referrer-Policy"] = "same-origin";
            headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=(), payment=()";
            headers["Cross-Origin-Opener-Policy"] = "same-origin";
            await next(context);
        });
    }

    /// <summary>
    /// What a signed-in person sees (pages, statements, exports, PDFs) is never kept by the browser or a cache on the way:
    /// a shared computer or a proxy must not hand it to the next person.
    /// </summary>
    public static IApplicationBuilder UseNoStoreWhenSignedIn(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        if (context.User.Identity?.IsAuthenticated == true)
            context.Response.OnStarting(() =>
            {
                context.Response.Headers.CacheControl = "no-store";
                context.Response.Headers.Pragma = "no-cache";
                return Task.CompletedTask;
            });
        await next(context);
    });
}
