using System.Threading.RateLimiting;
using KoproGo.Web.Infrastructure;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.AspNetCore.Mvc.Razor;

var builder = WebApplication.CreateBuilder(new WebApplicationOptions
{
    Args = args,
    // wwwroot/ sits at the top of the repository and is copied beside the build output.
    WebRootPath = Path.Combine(AppContext.BaseDirectory, "wwwroot"),
});
builder.WebHost.ConfigureKestrel(k => k.AddServerHeader = false);
// Secrets as files (Docker and Kubernetes secrets): one file per setting, named like the environment variable
// (ConnectionStrings__Main, KoproGo__Metrics__Token), in /run/secrets or the folder KOPROGO_SECRETS names.
builder.Configuration.AddKeyPerFile(Environment.GetEnvironmentVariable("KOPROGO_SECRETS") ?? "/run/secrets", optional: true);
// In production every log line is one JSON object; its scopes carry the request's id (RequestId), which the response's
// X-Request-Id header, the error page and the mails the request queued show too.
if (builder.Environment.IsProduction())
    builder.Logging.AddJsonConsole(o =>
    {
        o.IncludeScopes = true;
        o.UseUtcTimestamp = true;
        o.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ";
    });

var connectionString = builder.Configuration.GetConnectionString("Main")
    ?? throw new InvalidOperationException("ConnectionStrings:Main is not set: start the app with ./koprogo run, or set ConnectionStrings__Main.");
var dataSource = Database.CreateDataSource(connectionString);
Database.ConfigureDapper();
builder.Services.AddSingleton(dataSource);
builder.Services.AddScoped<Db>();
builder.Services.AddScoped<TwoFactorSignIn>();
builder.Services.AddSingleton<RazorRenderer>();
builder.Services.AddSingleton<KoproGo.Web.Infrastructure.Pdf.PdfRenderer>();
builder.Services.Configure<KoproGo.Web.Infrastructure.Mail.MailOptions>(builder.Configuration.GetSection("KoproGo:Mail"));
builder.Services.AddHttpContextAccessor();
builder.Services.AddSingleton<KoproGo.Web.Infrastructure.Mail.Outbox>();
builder.Services.AddSingleton<Notifier>();
builder.Services.AddSingleton<KoproGo.Web.Pages.Contractors.ContractorAccess>();
var documentsPath = builder.Configuration["KoproGo:Documents:Path"] ?? Path.Combine(builder.Environment.ContentRootPath, "..", ".data", "documents");
builder.Services.AddSingleton<KoproGo.Web.Infrastructure.Documents.IDocumentStorage>(new KoproGo.Web.Infrastructure.Documents.LocalFolderStorage(documentsPath));
builder.Services.AddHostedService<KoproGo.Web.Infrastructure.Mail.OutboxSender>();
builder.Services.Configure<KoproGo.Web.Pages.Energy.MqttOptions>(builder.Configuration.GetSection("KoproGo:Mqtt"));
builder.Services.AddHostedService<KoproGo.Web.Pages.Energy.ReadingIngestion>();
builder.Services.AddHostedService<KoproGo.Web.Pages.Energy.DemoGateway>();
KoproGo.Web.Infrastructure.Scheduling.Scheduler.AddKoproGoScheduler(builder.Services, builder.Configuration, connectionString);
builder.AddKoproGoMetrics(dataSource, documentsPath);

builder.Services.AddLocalization(o => o.ResourcesPath = "Resources");
// Accented letters are written as they are ("Résidence"), not as entities: smaller pages, readable source.
builder.Services.Configure<Microsoft.Extensions.WebEncoders.WebEncoderOptions>(o =>
    o.TextEncoderSettings = new System.Text.Encodings.Web.TextEncoderSettings(System.Text.Unicode.UnicodeRanges.All));
builder.Services.Configure<RequestLocalizationOptions>(Languages.Configure);
builder.Services.AddRazorPages(o =>
    {
        o.Conventions.ConfigureFilter(new Microsoft.AspNetCore.Mvc.ServiceFilterAttribute(typeof(TransactionPerHandler)));
        o.Conventions.ConfigureFilter(new Microsoft.AspNetCore.Mvc.ServiceFilterAttribute(typeof(ControlCharactersFilter)));
    })
    .AddViewLocalization(LanguageViewLocationExpanderFormat.Suffix)
    .AddDataAnnotationsLocalization(o => o.DataAnnotationLocalizerProvider = (_, factory) => factory.Create(typeof(KoproGo.Web.SharedResource)));
builder.Services.AddScoped<TransactionPerHandler>();
builder.Services.AddScoped<ControlCharactersFilter>();
// FormGuard reads every form first and applies the pages' size limits itself: MVC's own filters find the form read.
builder.Logging.AddFilter("Microsoft.AspNetCore.Mvc.Filters.RequestFormLimitsFilter", LogLevel.Error);
builder.Logging.AddFilter("Microsoft.AspNetCore.Mvc.Filters.RequestSizeLimitFilter", LogLevel.Error);
builder.Services.Configure<RouteOptions>(o => o.LowercaseUrls = true);

var authentication = builder.Services.AddAuthentication(CookieAuthenticationDefaults.AuthenticationScheme).AddCookie(o =>
{
    o.LoginPath = "/account/login";
    o.LogoutPath = "/account/logout";
    o.Cookie.Name = "koprogo-auth";
    o.Cookie.HttpOnly = true;
    o.Cookie.SameSite = SameSiteMode.Lax;
    // Secure whenever the request is HTTPS (forwarded headers count); plain HTTP only happens on loopback in development.
    o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
    o.ExpireTimeSpan = TimeSpan.FromHours(8);
    o.SlidingExpiration = true;
    // A signed-in user without the right role gets a plain 403 (shown by the status page), not a redirect.
    // Each sign-in is a session on the server: ended, lapsed or with changed rights, it counts at the next request.
    o.Events.OnValidatePrincipal = Sessions.Validate;
    o.Events.OnRedirectToAccessDenied = context =>
    {
        context.Response.StatusCode = StatusCodes.Status403Forbidden;
        return Task.CompletedTask;
    };
});
IdentityProvider.Add(authentication, builder.Configuration);
builder.Services.AddAuthorization(Policies.Add);
builder.Services.AddAntiforgery(o =>
{
    o.Cookie.Name = "koprogo-csrf";
    o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
    o.HeaderName = "RequestVerificationToken";
});
var keysEncrypted = DataProtectionKeys.Configure(builder.Services, builder.Configuration, dataSource);

var loginPermitPerMinute = builder.Configuration.GetValue("KoproGo:LoginPermitPerMinute", 10);
builder.Services.AddRateLimiter(o =>
{
    o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
    o.AddPolicy(LoginLimit.Policy, context => RateLimitPartition.GetFixedWindowLimiter(
        context.Connection.RemoteIpAddress?.ToString() ?? "local",
        _ => new FixedWindowRateLimiterOptions { PermitLimit = loginPermitPerMinute, Window = TimeSpan.FromMinutes(1) }));
});
// X-Forwarded-For and -Proto are believed only from the proxies the deployment names (KoproGo:TrustedProxies, addresses
// or networks separated by commas): any client can write them, and the sign-in limits count by the client's address.
// (With no proxy named the headers are not read at all: the framework would believe anyone once its list is empty.)
// A network ("10.42.0.0/16": the ingress controller's pods) trusts every address in it.
var trustedProxies = (builder.Configuration["KoproGo:TrustedProxies"] ?? "")
    .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
    .Select(p => p.Contains('/') ? System.Net.IPNetwork.Parse(p) : new System.Net.IPNetwork(System.Net.IPAddress.Parse(p), p.Contains(':') ? 128 : 32)).ToList();
builder.Services.Configure<ForwardedHeadersOptions>(o =>
{
    o.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
    o.KnownIPNetworks.Clear();
    o.KnownProxies.Clear();
    trustedProxies.ForEach(o.KnownIPNetworks.Add);
});
// Pages, styles and scripts travel compressed (Brotli, else gzip): old phones on slow lines. Every form's antiforgery
// token differs from one response to the next, so a compressed page gives nothing away about it.
builder.Services.AddResponseCompression(o =>
{
    o.EnableForHttps = true;
    o.Providers.Add<Microsoft.AspNetCore.ResponseCompression.BrotliCompressionProvider>();
    o.Providers.Add<Microsoft.AspNetCore.ResponseCompression.GzipCompressionProvider>();
});
builder.Services.Configure<Microsoft.AspNetCore.ResponseCompression.BrotliCompressionProviderOptions>(o => o.Level = System.IO.Compression.CompressionLevel.Fastest);
builder.Services.Configure<Microsoft.AspNetCore.ResponseCompression.GzipCompressionProviderOptions>(o => o.Level = System.IO.Compression.CompressionLevel.Fastest);
// Browsers keep to HTTPS for a year once they have seen the site over it (the framework's default is 30 days).
builder.Services.AddHsts(o => o.MaxAge = TimeSpan.FromDays(365));

var app = builder.Build();
if (!keysEncrypted && app.Environment.IsProduction())
    app.Logger.LogWarning("The data-protection keys (sign-in cookies, two-factor secrets) are stored unencrypted in PostgreSQL: " +
        "give a certificate (PFX) in {Setting} and its password in {PasswordSetting}",
        DataProtectionKeys.CertificateSetting.Replace(":", "__"), DataProtectionKeys.CertificatePasswordSetting.Replace(":", "__"));

try
{
    await Migrations.Apply(dataSource, Migrations.DefaultFolder, app.Logger);
}
catch (Migrations.EditedMigrationException e)
{
    app.Logger.LogCritical("{Message}", e.Message);
    Console.Error.WriteLine(e.Message);
    return 1;
}
if (app.Configuration.GetValue("KoproGo:DemoData", false))
{
    await DemoData.LoadIfEmpty(dataSource);
    await KoproGo.Web.Pages.Energy.DemoGateway.LoadIfNone(dataSource);
}
if (args.Contains("--migrate-only")) return 0;
if (args.Contains(KoproGo.Web.Pages.Energy.ReadingPublisher.Argument))
    return await KoproGo.Web.Pages.Energy.ReadingPublisher.Run(dataSource,
        app.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<KoproGo.Web.Pages.Energy.MqttOptions>>().Value,
        app.Configuration["KoproGo:Demo:GatewayPassword"], args, Console.Out, app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("KoproGo.Web.Pages.Energy.ReadingPublisher"));
if (args.Contains(FirstAdministrator.Argument))
    return await FirstAdministrator.Create(dataSource, args,
        app.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<KoproGo.Web.Infrastructure.Mail.MailOptions>>().Value.BaseUrl, Console.Out);

using var npgsqlTimings = ServerTiming.ListenToNpgsql();

if (trustedProxies.Count > 0) app.UseForwardedHeaders();
app.UseMetricsEndpoint();
ServerTiming.UseServerTiming(app);
app.Use((context, next) =>
{
    context.Response.Headers["X-Request-Id"] = context.TraceIdentifier;
    return next(context);
});
app.UseSecurityHeaders(app.Services.GetRequiredService<IdentityProviderOptions>() is { IsConfigured: true } provider ? provider.Authority : null);
app.UseResponseCompression();
if (!app.Environment.IsDevelopment()) app.UseHsts();
app.UseExceptionHandler("/error");
app.UseStatusCodePagesWithReExecute("/status/{0}");
app.UseStaticFiles(new StaticFileOptions
{
    OnPrepareResponse = c => c.Context.Response.Headers.CacheControl = "public, max-age=604800",
});
app.UseRequestLocalization();
app.UseDatabaseOutagePage();
app.UseRouting();
app.UseFormGuard();
app.UseRateLimiter();
app.UseAuthentication();
app.UseTwoFactorEnrolment();
app.UseNoStoreWhenSignedIn();
app.UseAuthorization();

app.MapHealth(documentsPath, KoproGo.Web.Infrastructure.Migrations.DefaultFolder);
app.MapRazorPages();

await app.RunAsync();
return 0;

public static class LoginLimit
{
    public const string Policy = "login";
}

public partial class Program;
