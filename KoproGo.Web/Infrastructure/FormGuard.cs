using System.Text;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Primitives;

namespace KoproGo.Web.Infrastructure;

/// <summary>
/// Every posted form is read here, once, before antiforgery, binding or any SQL sees it. A text field longer than
/// <see cref="MaxFieldLength"/> or a body beyond the page's limits answers 413 (the friendly status page) without
/// building anything large in memory. Control characters (a NUL, an escape; tabs and line breaks are text) are taken out
/// of the values and file names that go on — PostgreSQL refuses a NUL in text, and such a failure must never reach a
/// pooled connection — and <see cref="ControlCharactersFilter"/> puts a message by each field that held one. The query
/// string's values lose them too, silently (a search or a filter, not a field to correct).
/// </summary>
public static class FormGuard
{
    public const int MaxFieldLength = 64 * 1024;
    public const int MaxFormBytes = 1024 * 1024;
    private const string BadFieldsKey = "KoproGo.FormGuard.BadFields";

    public static IApplicationBuilder UseFormGuard(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        var request = context.Request;
        // a query string's values (a search, a filter) reach SQL as well: the same characters are taken out of them
        if (request.Query.Any(q => q.Value.Any(HasControlCharacters)))
            request.Query = new QueryCollection(
                request.Query.ToDictionary(q => q.Key, q => new StringValues(q.Value.Select(v => v is null ? null : WithoutControlCharacters(v)).ToArray())));
        if (HttpMethods.IsGet(request.Method) || !request.HasFormContentType || context.Features.Get<IStatusCodeReExecuteFeature>() is not null)
        {
            await next(context);
            return;
        }
        // An ordinary form is a few kilobytes; only uploads (multipart) are larger, within their page's limits. The page's
        // [RequestSizeLimit] and [RequestFormLimits] are applied here, as the body is read before MVC's filters run.
        var endpoint = context.GetEndpoint()?.Metadata;
        var upload = request.ContentType?.StartsWith("multipart/", StringComparison.OrdinalIgnoreCase) == true;
        var body = context.Features.Get<IHttpMaxRequestBodySizeFeature>();
        if (body is { IsReadOnly: false })
            body.MaxRequestBodySize = upload ? endpoint?.GetMetadata<IRequestSizeLimitMetadata>()?.MaxRequestBodySize ?? body.MaxRequestBodySize : MaxFormBytes;
        var metadata = endpoint?.GetMetadata<IFormOptionsMetadata>();
        // a body announced too large is refused before a byte of it is read (with Expect: 100-continue, never sent)
        if (request.ContentLength > body?.MaxRequestBodySize)
        {
            TooLarge(context);
            return;
        }
        context.Features.Set<IFormFeature>(new FormFeature(request, new FormOptions
        {
            ValueLengthLimit = MaxFieldLength,
            MultipartBodyLengthLimit = metadata?.MultipartBodyLengthLimit ?? new FormOptions().MultipartBodyLengthLimit,
        }));
        IFormCollection form;
        try
        {
            form = await request.ReadFormAsync(context.RequestAborted);
        }
        catch (Exception e) when (e is InvalidDataException or BadHttpRequestException)
        {
            TooLarge(context);
            return;
        }
        var bad = form.Where(f => f.Value.Any(HasControlCharacters)).Select(f => f.Key)
            .Concat(form.Files.Where(f => HasControlCharacters(f.FileName)).Select(f => f.Name)).Distinct().ToList();
        if (bad.Count > 0)
        {
            var files = new FormFileCollection();
            files.AddRange(form.Files.Select(f => HasControlCharacters(f.FileName)
                ? new FormFile(f.OpenReadStream(), 0, f.Length, f.Name, WithoutControlCharacters(f.FileName)) { Headers = f.Headers }
                : f));
            request.Form = new FormCollection(
                form.ToDictionary(f => f.Key, f => new StringValues(f.Value.Select(v => v is null ? null : WithoutControlCharacters(v)).ToArray())), files);
            context.Items[BadFieldsKey] = bad;
        }
        await next(context);
    });

    /// <summary>413; the friendly status page is rendered next, on an empty form instead of the body that was not read.</summary>
    private static void TooLarge(HttpContext context)
    {
        context.Features.Set<IFormFeature>(new FormFeature(FormCollection.Empty));
        context.Response.StatusCode = StatusCodes.Status413PayloadTooLarge;
    }

    /// <summary>Characters below the space (but tab, line feed, carriage return) and DEL: never typed, never text.</summary>
    public static bool HasControlCharacters(string? text) => text is not null && text.Any(IsControl);

    private static bool IsControl(char c) => (c < ' ' && c is not ('\t' or '\n' or '\r')) || c == '\u007f';

    private static string WithoutControlCharacters(string text)
    {
        var clean = new StringBuilder(text.Length);
        foreach (var c in text) if (!IsControl(c)) clean.Append(c);
        return clean.ToString();
    }

    /// <summary>The fields <see cref="UseFormGuard"/> found holding control characters.</summary>
    public static IReadOnlyList<string> BadFields(HttpContext context) => context.Items[BadFieldsKey] as List<string> ?? [];
}

/// <summary>Puts "characters that cannot be typed" next to each field where <see cref="FormGuard"/> found them.</summary>
public sealed class ControlCharactersFilter(IStringLocalizer<SharedResource> l) : IPageFilter
{
    public void OnPageHandlerSelected(PageHandlerSelectedContext context) { }

    public void OnPageHandlerExecuting(PageHandlerExecutingContext context)
    {
        foreach (var field in FormGuard.BadFields(context.HttpContext))
            context.ModelState.AddModelError(field, l["This field holds characters that cannot be typed: remove them."]);
    }

    public void OnPageHandlerExecuted(PageHandlerExecutedContext context) { }
}
