using System.Globalization;
using System.Text.Json;

namespace KoproGo.Web.Infrastructure;

/// <summary>
/// What an audit line says. Either a text of the resources with its values (<see cref="AuditLog.Says"/>), shown in
/// the reader's language, or (from a plain string) a name shown as it was written.
/// </summary>
public sealed record AuditSummary(string Text, IReadOnlyList<object>? Args)
{
    public static implicit operator AuditSummary(string asWritten) => new(asWritten, null);
}

/// <summary>
/// Records a change in the audit log, inside the handler's transaction: the line exists exactly when the change does.
/// Call it for every change to money, votes, shares, roles and documents, with the values before and after.
/// </summary>
public static class AuditLog
{
    private static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    /// <summary>A summary in the reader's language: an English text of the resources and its values.</summary>
    public static AuditSummary Says(string text, params object?[] args) => new(text, [.. args.Select(Arg)]);

    /// <summary>A value of a summary that is itself a text to translate (a role, a choice).</summary>
    public sealed record Term(string Text);

    // Values are kept as text, written the same for every reader: dates as 2026-11-30, numbers without grouping.
    private static object Arg(object? value) => value switch
    {
        null => "",
        Term term => new { term = term.Text },
        DateOnly d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        DateTime t => t.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture),
        TimeOnly t => t.ToString("HH:mm", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    public static Task Record(Db db, Viewer viewer, string entity, long? entityId, string action, AuditSummary summary,
        object? before = null, object? after = null) => db.Execute("""
        insert into audit_log (organisation_id, user_id, user_name, entity, entity_id, action, summary, summary_args, before, after, contractor_link_id)
        values (@OrganisationId, nullif(@UserId, 0), @Name, @entity, @entityId, @action, @summary, @args::jsonb, @before::jsonb, @after::jsonb, @ContractorLinkId)
        """, new
    {
        viewer.OrganisationId, viewer.UserId, viewer.Name, viewer.ContractorLinkId, entity, entityId, action, summary = summary.Text,
        args = summary.Args is null ? null : JsonSerializer.Serialize(summary.Args, Json),
        before = before is null ? null : JsonSerializer.Serialize(before, Json),
        after = after is null ? null : JsonSerializer.Serialize(after, Json),
    });

    /// <summary>A recorded summary as the reader reads it: the text and its terms translated, the values as written.</summary>
    public static string Read(string summary, string? argsJson, Microsoft.Extensions.Localization.IStringLocalizer l)
    {
        if (argsJson is null) return summary;
        using var document = JsonDocument.Parse(argsJson);
        var args = document.RootElement.EnumerateArray()
            .Select(a => a.ValueKind == JsonValueKind.Object && a.TryGetProperty("term", out var term) ? l[term.GetString() ?? ""].Value : a.ToString())
            .ToArray<object>();
        return l[summary, args].Value;
    }
}
