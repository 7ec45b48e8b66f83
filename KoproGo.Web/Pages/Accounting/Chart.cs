using KoproGo.Web.Infrastructure;

namespace KoproGo.Web.Pages.Accounting;

/// <summary>The chart of accounts (reference data of migration 0009), labelled in the reader's language.</summary>
public static class Chart
{
    public sealed record Account(string Code, int Class, string Kind, string Label)
    {
        /// <summary>"6110 Electricity", as a list of choices shows it.</summary>
        public string Choice { get; } = $"{Code} {Label}";
    }

    /// <summary>SQL for an account's label in the language <c>@lang</c>, for the chart row aliased <paramref name="a"/>.</summary>
    public static string LabelSql(string a) =>
        $"case @lang when 'nl' then {a}.label_nl when 'de' then {a}.label_de when 'en' then {a}.label_en else {a}.label_fr end";

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<(string Lang, string Pattern), IReadOnlyList<Account>> Known = new();

    /// <summary>
    /// The accounts whose code is like the pattern. The chart changes only with a migration, which runs when the app
    /// starts: read once per language and pattern, then kept (the same for every firm, so no tenant's data).
    /// </summary>
    public static async Task<IReadOnlyList<Account>> All(Db db, string lang, string codePattern = "%")
    {
        if (Known.TryGetValue((lang, codePattern), out var known)) return known;
        var accounts = await db.Query<Account>(
            $"select a.code, a.class::int as class, a.kind, {LabelSql("a")} as label from chart_accounts a where a.code like @codePattern order by a.code",
            new { lang, codePattern });
        return Known[(lang, codePattern)] = accounts;
    }

    public static IEnumerable<(string Value, string Text)> Options(IEnumerable<Account> accounts) => accounts.Select(a => (a.Code, a.Choice));
}
