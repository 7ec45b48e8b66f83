using System.Net;
using Microsoft.Extensions.Localization;
using Npgsql;

namespace KoproGo.Web.Infrastructure;

/// <summary>
/// While PostgreSQL is unreachable (restarting, failing over), a request that needed it gets 503 with a page saying to
/// try again in a moment and Retry-After, not the error page (which would need the database itself for the signed-in
/// user's session). The pool's idle connections died with the server: they are dropped, so that the first requests
/// after its return open new ones instead of failing on the dead ones.
/// </summary>
public static class DatabaseOutage
{
    public const int RetryAfterSeconds = 5;

    /// <summary>The server is down or cannot be reached (not a query's own error: those stay 500).</summary>
    public static bool IsUnavailable(Exception e) => e switch
    {
        PostgresException p => p.SqlState.StartsWith("08") || p.SqlState is PostgresErrorCodes.AdminShutdown or PostgresErrorCodes.CrashShutdown
            or PostgresErrorCodes.CannotConnectNow,
        NpgsqlException n => n.IsTransient,
        _ => e.InnerException is not null && IsUnavailable(e.InnerException),
    };

    public static IApplicationBuilder UseDatabaseOutagePage(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        try
        {
            await next(context);
        }
        catch (Exception e) when (IsUnavailable(e) && !context.Response.HasStarted)
        {
            context.RequestServices.GetRequiredService<NpgsqlDataSource>().Clear();
            context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(DatabaseOutage))
                .LogError("The database is unavailable: {Error}", e.GetBaseException().Message);
            var l = context.RequestServices.GetRequiredService<IStringLocalizer<SharedResource>>();
            context.Response.Clear();
            context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            context.Response.Headers.RetryAfter = RetryAfterSeconds.ToString();
            context.Response.Headers.CacheControl = "no-store";
            context.Response.ContentType = "text/html; charset=utf-8";
            var title = WebUtility.HtmlEncode(l["KoproGo is unavailable for a moment"]);
            await context.Response.WriteAsync($"""
                <!DOCTYPE html>
                <html lang="{Languages.Current}">
                <head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>{title}</title><link rel="stylesheet" href="/css/site.css"></head>
                <body><main id="main"><h1>{title}</h1>
                <p>{WebUtility.HtmlEncode(l["Its database is restarting. Nothing you entered was half-saved: try again in a few seconds."])}</p>
                <p><a href="{WebUtility.HtmlEncode(context.Request.Path + context.Request.QueryString)}">{WebUtility.HtmlEncode(l["Try again"])}</a></p>
                </main></body>
                </html>
                """);
        }
    });
}
