using System.Globalization;
using KoproGo.Domain;
using KoproGo.Domain.Accounting;
using KoproGo.Web.Infrastructure;
using Npgsql;

namespace KoproGo.Web.Pages.Accounting;

/// <summary>One line as posted: the account, its side, and who it concerns (an owner on 410, a supplier on 440).</summary>
public sealed record PostingLine(string Account, decimal Debit, decimal Credit, long? OwnerId = null, long? SupplierId = null, string? Description = null);

/// <summary>
/// Writes journal entries. Every posting of the application passes here, so every one is checked balanced before it is
/// written (and again by the database at commit), lands in the open year of its date, and records who posted it.
/// </summary>
public static class Ledger
{
    public static async Task<long> Post(Db db, long? userId, long buildingId, Journal journal, DateOnly date, string description,
        bool automatic, IReadOnlyList<PostingLine> lines, long? reverses = null)
    {
        var problem = JournalEntry.Check(lines.Select(l => new EntryLine(l.Account, l.Debit, l.Credit)).ToList());
        if (problem != EntryProblem.None) throw new InvalidOperationException($"entry \"{description}\" is not valid: {problem}");
        var entryId = await db.Scalar<long>("""
            insert into journal_entries (organisation_id, building_id, year_id, journal, entry_date, description, automatic, reverses_id, created_by)
            select organisation_id, id, 0, @journal, @date, @description, @automatic, @reverses, @userId from buildings where id = @buildingId
            returning id
            """, new { journal = Codes.ToCode(journal), date, description = description.Length > 300 ? description[..300] : description, automatic, reverses, userId, buildingId });
        await db.Execute("""
            insert into journal_lines (entry_id, account_code, debit, credit, owner_id, supplier_id, description)
            select @entryId, a, d, c, o, s, t from unnest(@accounts, @debits, @credits, @owners, @suppliers, @texts) as l(a, d, c, o, s, t)
            """, new
        {
            entryId,
            accounts = lines.Select(l => l.Account).ToArray(),
            debits = lines.Select(l => l.Debit).ToArray(),
            credits = lines.Select(l => l.Credit).ToArray(),
            owners = lines.Select(l => l.OwnerId).ToArray(),
            suppliers = lines.Select(l => l.SupplierId).ToArray(),
            texts = lines.Select(l => l.Description).ToArray(),
        });
        return entryId;
    }

    /// <summary>The counter-entry of an entry, dated <paramref name="date"/> (in an open year), marked as reversing it.</summary>
    public static async Task<long> Reverse(Db db, long userId, long entryId, DateOnly date, string description)
    {
        var entry = await db.QuerySingle<(long BuildingId, string Journal)>("select building_id, journal from journal_entries where id = @entryId", new { entryId });
        var lines = await db.Query<PostingLine>("""
            select account_code as account, credit as debit, debit as credit, owner_id, supplier_id, description
            from journal_lines where entry_id = @entryId order by id
            """, new { entryId });
        Codes.TryParse<Journal>(entry.Journal, out var journal);
        return await Post(db, userId, entry.BuildingId, journal, date, description, automatic: false, lines, reverses: entryId);
    }

    /// <summary>The message for a posting the database refused because of its year; null for anything else.</summary>
    public static string? YearProblem(PostgresException e) => e.ConstraintName switch
    {
        "journal_entries_in_a_year" => "No financial year covers this date: open the year first.",
        "journal_entries_year_open" => "This date falls in a closed financial year: nothing more can be posted there.",
        _ => null,
    };

    /// <summary>An amount as the reader's language writes numbers, then the euro sign: 1 234,56 € (fr), 1.234,56 € (nl, de).</summary>
    public static string Euros(decimal amount) => amount.ToString("N2", CultureInfo.CurrentCulture) + "\u00a0€";
}
