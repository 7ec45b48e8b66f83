using System.Text.Json.Nodes;
using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;

namespace KoproGo.Web.Infrastructure.Pdf;

/// <summary>What is printed at the top and the foot of every page.</summary>
public sealed record PdfFrame(string Title, string Date, string Reference);

public sealed class PdfUnavailableException(string message) : Exception(message);

/// <summary>
/// PDF from a Razor template: the template renders to HTML (styles inlined, nothing loaded from disk or network),
/// wkhtmltopdf (Debian's, with --disable-local-file-access) prints it on A4, and a second, transparent PDF carrying
/// the header (building, date) and footer (reference, page n / N) is laid over every page with qpdf — Debian's
/// wkhtmltopdf is built on an unpatched Qt that ignores its own header and footer options.
/// At most two conversions run at once; each has a time limit.
/// </summary>
public sealed partial class PdfRenderer(RazorRenderer razor, ILogger<PdfRenderer> log)
{
    public const string Wkhtmltopdf = "/usr/bin/wkhtmltopdf";
    public const string Qpdf = "/usr/bin/qpdf";
    public const string FixQdf = "/usr/bin/fix-qdf";
    private static readonly SemaphoreSlim Gate = new(2);
    private static readonly TimeSpan TimeLimit = TimeSpan.FromSeconds(60);
    private static readonly string[] Common = ["--quiet", "--encoding", "utf-8", "--page-size", "A4", "--disable-local-file-access", "--disable-javascript"];

    public async Task<byte[]> Render(string viewPath, object model, string language, PdfFrame frame, CancellationToken cancellationToken = default)
    {
        foreach (var tool in new[] { Wkhtmltopdf, Qpdf, FixQdf })
            if (!File.Exists(tool))
                throw new PdfUnavailableException($"{tool} is not installed: apt-get install wkhtmltopdf qpdf");
        var rendered = await razor.Render(viewPath, model, language);
        var html = rendered.Html;
        var title = rendered.ViewData["Title"]?.ToString() ?? "KoproGo";

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeLimit);
        await Gate.WaitAsync(timeout.Token);
        var folder = Directory.CreateTempSubdirectory("koprogo-pdf").FullName;
        try
        {
            var body = Path.Combine(folder, "body.pdf");
            await Run(Wkhtmltopdf, [.. Common, "-T", "22mm", "-B", "20mm", "-L", "15mm", "-R", "15mm", "-", body], html, timeout.Token);
            var pages = int.Parse((await Run(Qpdf, ["--show-npages", body], null, timeout.Token)).Trim());

            var stamp = Path.Combine(folder, "stamp.pdf");
            await Run(Wkhtmltopdf, [.. Common, "-T", "0", "-B", "0", "-L", "0", "-R", "0", "--no-background", "-", stamp], Stamp(frame, pages), timeout.Token);
            var editable = Path.Combine(folder, "stamp.qdf");
            await Run(Qpdf, ["--qdf", "--object-streams=disable", stamp, editable], null, timeout.Token);
            // wkhtmltopdf paints each page white even with --no-background: remove those full-page fills.
            var qdf = await File.ReadAllTextAsync(editable, Encoding.Latin1, timeout.Token);
            await File.WriteAllTextAsync(editable, PageFill().Replace(qdf, ""), Encoding.Latin1, timeout.Token);
            var transparent = Path.Combine(folder, "stamp-clean.pdf");
            await Run(FixQdf, [editable], null, timeout.Token, stdoutTo: transparent);

            var overlaid = Path.Combine(folder, "overlaid.pdf");
            await Run(Qpdf, [body, "--overlay", transparent, "--", overlaid], null, timeout.Token);
            var result = Path.Combine(folder, "result.pdf");
            await Describe(overlaid, title, language, folder, result, timeout.Token);
            return await File.ReadAllBytesAsync(result, timeout.Token);
        }
        finally
        {
            Gate.Release();
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>
    /// The document's title (shown by viewers instead of the file name, read by screen readers) and language (PDF/UA,
    /// WCAG 3.1.1) in the PDF's catalog and information dictionary: Debian's wkhtmltopdf writes neither. qpdf rewrites
    /// the two objects from a JSON description of them (qpdf's JSON v2, strings as "u:…").
    /// </summary>
    private async Task Describe(string pdf, string title, string language, string folder, string result, CancellationToken cancellationToken)
    {
        var dump = JsonNode.Parse(await Run(Qpdf, ["--json=2", "--json-key=qpdf", "--json-object=trailer", pdf], null, cancellationToken))!["qpdf"]!;
        var header = dump[0]!.DeepClone();
        var trailer = dump[1]!["trailer"]!["value"]!.AsObject();
        var catalogRef = trailer["/Root"]!.GetValue<string>();
        var infoRef = trailer["/Info"]?.GetValue<string>();
        var wanted = new List<string> { "--json-object=" + catalogRef };
        if (infoRef is not null) wanted.Add("--json-object=" + infoRef);
        var current = JsonNode.Parse(await Run(Qpdf, ["--json=2", "--json-key=qpdf", .. wanted, pdf], null, cancellationToken))!["qpdf"]![1]!;

        var catalog = current[$"obj:{catalogRef}"]!["value"]!.DeepClone().AsObject();
        catalog["/Lang"] = "u:" + language;
        catalog["/ViewerPreferences"] = new JsonObject { ["/DisplayDocTitle"] = true };
        var objects = new JsonObject { [$"obj:{catalogRef}"] = new JsonObject { ["value"] = catalog } };
        var info = infoRef is null ? new JsonObject() : current[$"obj:{infoRef}"]!["value"]!.DeepClone().AsObject();
        info["/Title"] = "u:" + title;
        if (infoRef is null)
        {
            infoRef = $"{header["maxobjectid"]!.GetValue<int>() + 1} 0 R";
            trailer["/Info"] = infoRef;
            objects["trailer"] = new JsonObject { ["value"] = trailer.DeepClone() };
        }
        objects[$"obj:{infoRef}"] = new JsonObject { ["value"] = info };

        var update = Path.Combine(folder, "describe.json");
        await File.WriteAllTextAsync(update, new JsonObject { ["qpdf"] = new JsonArray(header, objects) }.ToJsonString(), cancellationToken);
        await Run(Qpdf, [pdf, "--update-from-json=" + update, "--", result], null, cancellationToken);
    }

    /// <summary>The PDF as a download for a page handler; 503 when the tools are not installed.</summary>
    public async Task<Microsoft.AspNetCore.Mvc.IActionResult> Download(string viewPath, object model, string language, PdfFrame frame, string fileName,
        CancellationToken cancellationToken)
    {
        try
        {
            return new Microsoft.AspNetCore.Mvc.FileContentResult(await Render(viewPath, model, language, frame, cancellationToken), "application/pdf")
            {
                FileDownloadName = fileName,
            };
        }
        catch (PdfUnavailableException)
        {
            return new Microsoft.AspNetCore.Mvc.StatusCodeResult(StatusCodes.Status503ServiceUnavailable);
        }
    }

    // One CSS page of this wkhtmltopdf is 1032 x 1460 px (A4 at its fixed scale).
    private static string Stamp(PdfFrame frame, int pages)
    {
        var e = (string s) => WebUtility.HtmlEncode(s);
        var sb = new StringBuilder("""
            <!DOCTYPE html><html><head><meta charset="utf-8"><style>
            html,body{margin:0;padding:0;background:transparent} body{font-family:"DejaVu Sans",sans-serif;font-size:14px;color:#4a5560}
            .p{position:relative;height:1460px;overflow:hidden}
            .top,.bottom{position:absolute;left:57px;right:57px;height:20px}
            .top{top:30px;border-bottom:1px solid #9aa5b1} .bottom{bottom:30px;border-top:1px solid #9aa5b1}
            .r{position:absolute;right:0}
            </style></head><body>
            """);
        for (var page = 1; page <= pages; page++)
            sb.Append($"""<div class="p"><div class="top"><span>{e(frame.Title)}</span><span class="r">{e(frame.Date)}</span></div><div class="bottom"><span>{e(frame.Reference)}</span><span class="r">{page} / {pages}</span></div></div>""");
        return sb.Append("</body></html>").ToString();
    }

    /// <summary>Runs a tool; its output is returned as text, or written to <paramref name="stdoutTo"/> as bytes.</summary>
    private async Task<string> Run(string tool, string[] arguments, string? input, CancellationToken cancellationToken, string? stdoutTo = null)
    {
        var start = new ProcessStartInfo(tool, arguments)
        {
            RedirectStandardInput = input is not null,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            Environment = { ["XDG_RUNTIME_DIR"] = Path.GetTempPath() },
        };
        using var process = Process.Start(start) ?? throw new PdfUnavailableException($"{tool} could not start");
        try
        {
            Task<string> output;
            if (stdoutTo is null) output = process.StandardOutput.ReadToEndAsync(cancellationToken);
            else
            {
                await using var file = File.Create(stdoutTo);
                await process.StandardOutput.BaseStream.CopyToAsync(file, cancellationToken);
                output = Task.FromResult("");
            }
            var errors = process.StandardError.ReadToEndAsync(cancellationToken);
            if (input is not null)
            {
                await process.StandardInput.WriteAsync(input.AsMemory(), cancellationToken);
                process.StandardInput.Close();
            }
            await process.WaitForExitAsync(cancellationToken);
            // qpdf answers 3 for warnings it recovered from; anything else non-zero is a failure.
            if (process.ExitCode is not (0 or 3) && !(tool == Wkhtmltopdf && process.ExitCode == 1 && File.Exists(arguments[^1])))
                throw new InvalidOperationException($"{Path.GetFileName(tool)} failed ({process.ExitCode}): {await errors}");
            return await output;
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            log.LogError("{Tool} was stopped after {Seconds} s", tool, TimeLimit.TotalSeconds);
            throw;
        }
    }

    [GeneratedRegex(@"^0 [0-9.]+ [0-9.]+ [0-9.]+ re\nf\n", RegexOptions.Multiline)]
    private static partial Regex PageFill();
}
