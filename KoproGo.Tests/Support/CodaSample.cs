using System.Globalization;
using System.Text;

namespace KoproGo.Tests.Support;

/// <summary>
/// Writes CODA files as Belgian banks export them (Febelfin standard 2.6, 128-character records), for the import tests:
/// a header (0), then per statement the old balance (1, account structure 2 = Belgian IBAN, or 0 = the old 12-digit
/// account number), each movement as 2.1 / 2.2 / 2.3 (a long free communication goes on over the three: 53 + 53 + 43
/// characters), optionally with information records 3.1 / 3.2 / 3.3 and a free-text record 4, the new balance (8);
/// the trailer (9) with the totals of the file. <see cref="File"/> puts several statements in one file.
/// </summary>
public sealed class CodaSample(string iban, DateOnly date, int statementNumber, decimal oldBalance)
{
    public sealed record Line(decimal Amount, string Communication, bool Structured, string CounterpartyIban, string CounterpartyName, bool Information);

    private readonly List<Line> lines = [];
    private bool oldAccountNumber;
    private DateOnly Date => date;

    public CodaSample Credit(decimal amount, string communication, string name, string fromIban = "BE71096123456769", bool structured = true, bool information = false)
    {
        lines.Add(new Line(amount, communication, structured, fromIban, name, information));
        return this;
    }

    public CodaSample Debit(decimal amount, string communication, string name, string toIban = "BE68539007547034", bool information = false)
    {
        lines.Add(new Line(-amount, communication, false, toIban, name, information));
        return this;
    }

    /// <summary>Writes the account as a bank still does for some accounts: structure 0, the 12 digits after BEkk.</summary>
    public CodaSample WithOldAccountNumber()
    {
        oldAccountNumber = true;
        return this;
    }

    private static string Amount(decimal value) => ((long)(Math.Abs(value) * 1000)).ToString("D15", CultureInfo.InvariantCulture);
    private static string Sign(decimal value) => value < 0 ? "1" : "0";
    private static string Fit(string text, int length) => text.Length >= length ? text[..length] : text.PadRight(length);
    private static string Piece(string text, int from, int length) => Fit(text.Length > from ? text[from..] : "", length);

    private decimal Credits => lines.Where(l => l.Amount > 0).Sum(l => l.Amount);
    private decimal Debits => -lines.Where(l => l.Amount < 0).Sum(l => l.Amount);

    /// <summary>Records 1 to 8 of this statement.</summary>
    private IEnumerable<string> Records()
    {
        var d = date.ToString("ddMMyy", CultureInfo.InvariantCulture);
        var account = oldAccountNumber ? Fit(iban[4..] + " EUR", 37) : $"{Fit(iban, 16)}{new string(' ', 18)}EUR";
        yield return Fit($"1{(oldAccountNumber ? '0' : '2')}{statementNumber:D3}{account}{Sign(oldBalance)}{Amount(oldBalance)}{d}{Fit("ACP LES TILLEULS", 26)}{Fit("Compte courant", 35)}{statementNumber:D3}", 128);
        var seq = 0;
        foreach (var l in lines)
        {
            seq++;
            var reference = Fit($"REF{statementNumber:D3}{seq:D4}", 21);
            var text = l.Structured ? "101" + new string(l.Communication.Where(char.IsAsciiDigit).ToArray()) : l.Communication;
            var link = l.Information ? '1' : '0';
            yield return $"21{seq:D4}0000{reference}{Sign(l.Amount)}{Amount(l.Amount)}{d}00150000{(l.Structured ? "1" : "0")}{Piece(text, 0, 53)}{d}{statementNumber:D3}01 0";
            yield return $"22{seq:D4}0000{(l.Structured ? new string(' ', 53) : Piece(text, 53, 53))}{new string(' ', 35)}{Fit("GKCCBEBB", 11)}{new string(' ', 16)}1 0";
            yield return $"23{seq:D4}0000{Fit(l.CounterpartyIban, 34)}EUR{Fit(l.CounterpartyName, 35)}{(l.Structured ? new string(' ', 43) : Piece(text, 106, 43))}0 {link}";
            if (!l.Information) continue;
            // information about the same movement (detail 0001): never a movement of its own
            yield return $"31{seq:D4}0001{reference}00150000" + "1" + Fit("001" + l.CounterpartyName, 73) + new string(' ', 12) + "1 0";
            yield return $"32{seq:D4}0001{Fit("RUE DE LA STATION 12 1180 UCCLE", 105)}{new string(' ', 10)}1 0";
            yield return $"33{seq:D4}0001{Fit("INFORMATION COMPLEMENTAIRE", 90)}{new string(' ', 25)}0 1";
            yield return $"4 {seq:D4}0000{new string(' ', 22)}{Fit("Texte libre de la banque", 80)}{new string(' ', 15)}0";
        }
        var newBalance = oldBalance + lines.Sum(l => l.Amount);
        yield return Fit($"8{statementNumber:D3}{account}{Sign(newBalance)}{Amount(newBalance)}{d}", 128);
    }

    /// <summary>One file with these statements: one header, their records, one trailer.</summary>
    public static string File(params CodaSample[] statements)
    {
        var d = statements[0].Date.ToString("ddMMyy", CultureInfo.InvariantCulture);
        var records = new List<string> { Fit($"00000{d}00505        00000000  KOPROGO TEST              GEBABEBB   00000000000 00000                                       2", 128) };
        foreach (var statement in statements) records.AddRange(statement.Records());
        var (debit, credit) = (statements.Sum(s => s.Debits), statements.Sum(s => s.Credits));
        records.Add(Fit($"9{new string(' ', 15)}{records.Count - 1:D6}{Amount(debit)}{Amount(credit)}", 127) + "2");
        return string.Join("\r\n", records) + "\r\n";
    }

    public override string ToString() => File(this);

    public byte[] Bytes => Encoding.Latin1.GetBytes(ToString());

    public static byte[] BytesOf(params CodaSample[] statements) => Encoding.Latin1.GetBytes(File(statements));
}
