using Microsoft.AspNetCore.WebUtilities;

namespace KoproGo.Web.Infrastructure;

/// <summary>One page of a long list; links keep the list's filters.</summary>
public sealed record Paging(int Page, int PageSize, long Total, string Path, IReadOnlyDictionary<string, string?> Filters)
{
    public int Pages => (int)Math.Max(1, (Total + PageSize - 1) / PageSize);
    public bool HasPrevious => Page > 1;
    public bool HasNext => Page < Pages;

    public string Url(int page)
    {
        var query = Filters.Where(f => !string.IsNullOrEmpty(f.Value)).ToDictionary(f => f.Key, f => f.Value);
        if (page > 1) query["page"] = page.ToString();
        return QueryHelpers.AddQueryString(Path, query);
    }

    public static int Clamp(int page) => Math.Clamp(page, 1, 100_000);
}
