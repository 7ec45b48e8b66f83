using System.Globalization;
using System.Text;

namespace KoproGo.Tests.Support;

/// <summary>
/// Writes small CODA files as a Belgian bank exports them (Febelfin version 2, 128-character records), for the import
/// tests: a header, the old balance, each movement as 2.1 / 2.2 / 2.3 records, the new balance and the trailer.
/// </summary>
public sealed class CodaSample(string iban, DateOnly date, int statementNumber, decimal oldBalance)
{
    public sealed record Line(decimal Amount, string Communication, bool Structured, string CounterpartyIban, string CounterpartyName);

    private readonly List<Line> lines = [];

    public CodaSample Credit(decimal amount, string communication, string name, string fromIban = "BE71096123456769", bool structured = true)
    {
        lines.Add(new Line(amount, communication, structured, fromIban, name));
        return this;
    }

    public CodaSample Debit(decimal amount, string communication, string name, string toIban = "BE68539007547034")
    {
        lines.Add(new Line(-amount, communication, false, toIban, name));
        return this;
    }

    private static string Amount(decimal value) => ((long)(Math.Abs(value) * 1000)).ToString("D15", CultureInfo.InvariantCulture);
    private static string Sign(decimal value) => value < 0 ? "1" : "0";
    private static string Fit(string text, int length) => text.Length >= length ? text[..length] : text.PadRight(length);

    public override string ToString()
    {
        var d = date.ToString("ddMMyy", CultureInfo.InvariantCulture);
        var records = new List<string>
        {
            Fit($"00000{d}00505        00000000  KOPROGO TEST              GEBABEBB   00000000000 00000                                       2", 128),
            Fit($"12{statementNumber:D3}{Fit(iban, 16)}{new string(' ', 18)}EUR{Sign(oldBalance)}{Amount(oldBalance)}{d}{Fit("ACP LES TILLEULS", 26)}{Fit("Compte courant", 35)}{statementNumber:D3}", 128),
        };
        var seq = 0;
        foreach (var l in lines)
        {
            seq++;
            var communication = l.Structured ? "101" + new string(l.Communication.Where(char.IsAsciiDigit).ToArray()) : l.Communication;
            records.Add(Fit($"21{seq:D4}0000{Fit("REF" + seq, 21)}{Sign(l.Amount)}{Amount(l.Amount)}{d}00150000{(l.Structured ? "1" : "0")}{Fit(communication, 53)}{d}{statementNumber:D3}0" + "1 0", 128));
            records.Add(Fit($"22{seq:D4}0000{new string(' ', 53)}{new string(' ', 35)}{Fit("GKCCBEBB", 11)}", 125) + "1 0");
            records.Add(Fit($"23{seq:D4}0000{Fit(l.CounterpartyIban, 34)}EUR{Fit(l.CounterpartyName, 35)}", 125) + "0 0");
        }
        var newBalance = oldBalance + lines.Sum(l => l.Amount);
        records.Add(Fit($"8{statementNumber:D3}{Fit(iban, 16)}{new string(' ', 18)}EUR{Sign(newBalance)}{Amount(newBalance)}{d}", 128));
        var debit = -lines.Where(l => l.Amount < 0).Sum(l => l.Amount);
        var credit = lines.Where(l => l.Amount > 0).Sum(l => l.Amount);
        records.Add(Fit($"9{new string(' ', 15)}{records.Count - 1:D6}{Amount(debit)}{Amount(credit)}", 127) + "1");
        return string.Join("\r\n", records) + "\r\n";
    }

    public byte[] Bytes => Encoding.Latin1.GetBytes(ToString());
}
