using KoproGo.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace KoproGo.Web.Pages.Audit;

/// <summary>The audit log, newest first, filtered by kind of record, person and dates.</summary>
[Authorize(Policy = Policies.Audit)]
public sealed class IndexModel(Db db) : PageModel
{
    public const int PageSize = 50;

    public sealed class Entry
    {
        public DateTime At { get; init; }
        public string UserName { get; init; } = "";
        public string Entity { get; init; } = "";
        public long? EntityId { get; init; }
        public string Action { get; init; } = "";
        public string Summary { get; init; } = "";
        public string? SummaryArgs { get; init; }
        public string? Before { get; init; }
        public string? After { get; init; }
        public string? Organisation { get; init; }
        public long TotalRows { get; init; }
    }

    /// <summary>
    /// The values of a before/after snapshot as lines to read: a field's name in the reader's language (the text of
    /// <see cref="Labels.AuditFields"/>, else its name in words: "TotalShares" → "Total shares"), its value as stored;
    /// null for no value.
    /// </summary>
    public static IReadOnlyList<(string Field, string? Value)> Fields(string? json, Microsoft.Extensions.Localization.IStringLocalizer l)
    {
        string Label(string name) => l[FieldText(name)].Value;
        if (json is null) return [];
        using var document = System.Text.Json.JsonDocument.Parse(json);
        var root = document.RootElement;
        return root.ValueKind switch
        {
            System.Text.Json.JsonValueKind.Object => root.EnumerateObject().Select(p => (Label(p.Name), Value(p.Value))).ToList(),
            // a list of rows (the owners of a lot): one line each
            System.Text.Json.JsonValueKind.Array => root.EnumerateArray().Select(row => ("", (string?)(row.ValueKind == System.Text.Json.JsonValueKind.Object
                ? string.Join(", ", row.EnumerateObject().Select(p => $"{Label(p.Name)}: {Value(p.Value) ?? "—"}"))
                : Value(row)))).ToList(),
            _ => [("", Value(root))],
        };
    }

    private static string? Value(System.Text.Json.JsonElement value) => value.ValueKind switch
    {
        System.Text.Json.JsonValueKind.Null => null,
        System.Text.Json.JsonValueKind.String => value.GetString(),
        _ => value.GetRawText(),
    };

    private static string FieldText(string name)
    {
        if (Labels.AuditFields.TryGetValue(System.Text.Json.JsonNamingPolicy.SnakeCaseLower.ConvertName(name), out var text)) return text;
        var spaced = System.Text.RegularExpressions.Regex.Replace(name.Replace('_', ' '), "(?<=[a-z])(?=[A-Z])", " ").Trim().ToLowerInvariant();
        return spaced.Length == 0 ? name : char.ToUpperInvariant(spaced[0]) + spaced[1..];
    }

    public IReadOnlyList<Entry> Entries { get; private set; } = [];
    public IReadOnlyList<string> Entities { get; private set; } = [];
    public Paging Paging { get; private set; } = null!;
    [FromQuery(Name = "entity")] public string? Entity { get; set; }
    [FromQuery(Name = "who")] public string? Who { get; set; }
    [FromQuery(Name = "from")] public string? From { get; set; }
    [FromQuery(Name = "to")] public string? To { get; set; }
    public bool ShowsOrganisation => User.Viewer().IsPlatformAdmin;

    public async Task OnGet([FromQuery(Name = "page")] int page = 1)
    {
        var viewer = User.Viewer();
        page = Paging.Clamp(page);
        DateOnly? from = FormInput.TryDate(From, out var f) ? f : null;
        DateOnly? to = FormInput.TryDate(To, out var t) ? t : null;
        // The platform administrator reads every organisation's log; a syndic only their own.
        var p = viewer.Params(new
        {
            entity = FormInput.Trimmed(Entity), who = FormInput.Trimmed(Who), from, to, PageSize, offset = (page - 1) * PageSize,
            all = viewer.IsPlatformAdmin,
        });
        const string scope = "(@all or a.organisation_id = @OrgId)";
        Entities = await db.Query<string>($"select distinct entity from audit_log a where {scope} order by entity", p);
        Entries = await db.Query<Entry>($"""
            select a.at, a.user_name, a.entity, a.entity_id, a.action, a.summary, a.summary_args::text as summary_args, a.before::text as before, a.after::text as after,
                   o.name as organisation, count(*) over () as total_rows
            from audit_log a left join organisations o on o.id = a.organisation_id
            where {scope}
              and (@entity::text is null or a.entity = @entity)
              and (@who::text is null or a.user_name ilike '%' || @who || '%')
              and (@from::date is null or a.at >= @from::date)
              and (@to::date is null or a.at < @to::date + 1)
            order by a.at desc, a.id desc
            limit @PageSize offset @offset
            """, p);
        Paging = new Paging(page, PageSize, Entries.FirstOrDefault()?.TotalRows ?? 0, "/audit",
            new Dictionary<string, string?> { ["entity"] = Entity, ["who"] = Who, ["from"] = From, ["to"] = To });
    }
}
