using System.Globalization;

namespace KoproGo.Domain.Accounting;

/// <summary>One movement of a bank statement: positive amounts are credits (money received).</summary>
public sealed record CodaMovement(int Sequence, DateOnly ValueDate, decimal Amount, string Communication, bool Structured,
    string CounterpartyAccount, string CounterpartyName);

public sealed record CodaStatement(string Account, int StatementNumber, DateOnly Date, decimal OldBalance, decimal NewBalance,
    IReadOnlyList<CodaMovement> Movements);

/// <summary>What is wrong with a file, with its line number (1-based; 0 for the file as a whole).</summary>
public sealed record CodaError(int Line, string Problem);

/// <summary>
/// Reads a CODA file (Febelfin "Coded statement of account", version 2): records of 128 characters, 0 header,
/// 1 old balance, 2.1/2.2/2.3 movement and counterparty, 3 information, 4 free text, 8 new balance, 9 trailer.
/// Amounts have 15 digits with 3 decimals and a sign digit (0 credit, 1 debit); dates are DDMMYY. Only movement
/// records of detail number 0 are taken (details of a globalised movement repeat its total). The file is refused
/// unless the old balance plus the movements gives the new balance and the trailer's totals agree.
/// </summary>
public static class Coda
{
    public const int RecordLength = 128;

    public static (CodaStatement? Statement, IReadOnlyList<CodaError> Errors) Parse(string text)
    {
        var errors = new List<CodaError>();
        var lines = text.Replace("\r\n", "\n").Replace('\r', '\n').Split('\n');
        string? account = null;
        int? number = null;
        DateOnly? date = null;
        decimal? oldBalance = null, newBalance = null, trailerDebit = null, trailerCredit = null;
        var movements = new List<CodaMovement>();
        var headerSeen = false;
        var pending = (Movement: (CodaMovement?)null, Index: -1);

        for (var i = 0; i < lines.Length; i++)
        {
            var raw = lines[i];
            if (raw.Trim().Length == 0) continue;
            var lineNo = i + 1;
            if (raw.Length > RecordLength) { errors.Add(new(lineNo, "longer than 128 characters")); continue; }
            var r = raw.PadRight(RecordLength);
            string F(int from, int to) => r.Substring(from - 1, to - from + 1);
            try
            {
                switch (r[0])
                {
                    case '0':
                        headerSeen = true;
                        date = Date(F(6, 11));
                        break;
                    case '1':
                        account = Account(r[1], F(6, 42));
                        number = int.Parse(F(3, 5), CultureInfo.InvariantCulture);
                        oldBalance = Amount(r[42], F(44, 58));
                        break;
                    case '2' when r[1] == '1':
                        if (F(7, 10) != "0000") break;
                        var structured = r[61] == '1';
                        var communication = structured && F(63, 65) == "101" ? F(66, 77) : F(63, 115).TrimEnd();
                        var m = new CodaMovement(int.Parse(F(3, 6), CultureInfo.InvariantCulture), Date(F(48, 53)), Amount(r[31], F(33, 47)),
                            communication, structured && F(63, 65) == "101", "", "");
                        movements.Add(m);
                        pending = (m, movements.Count - 1);
                        break;
                    case '2' when r[1] == '2':
                        if (pending.Movement is { Structured: false } p2 && F(7, 10) == "0000")
                            movements[pending.Index] = pending.Movement = p2 with { Communication = (p2.Communication + F(11, 63).TrimEnd()).Trim() };
                        break;
                    case '2' when r[1] == '3':
                        if (pending.Movement is { } p3 && F(7, 10) == "0000")
                            movements[pending.Index] = pending.Movement = p3 with { CounterpartyAccount = F(11, 44).Trim(), CounterpartyName = F(48, 82).Trim() };
                        break;
                    case '2':
                        errors.Add(new(lineNo, $"unknown movement record 2.{r[1]}"));
                        break;
                    case '3' or '4':
                        break;
                    case '8':
                        newBalance = Amount(r[41], F(43, 57));
                        break;
                    case '9':
                        trailerDebit = Amount('0', F(23, 37));
                        trailerCredit = Amount('0', F(38, 52));
                        break;
                    default:
                        errors.Add(new(lineNo, $"unknown record type {r[0]}"));
                        break;
                }
            }
            catch (FormatException e)
            {
                errors.Add(new(lineNo, e.Message));
            }
        }

        if (!headerSeen) errors.Add(new(0, "no header record (0)"));
        if (account is null || oldBalance is null) errors.Add(new(0, "no old balance record (1)"));
        if (newBalance is null) errors.Add(new(0, "no new balance record (8)"));
        if (trailerCredit is null) errors.Add(new(0, "no trailer record (9)"));
        if (errors.Count > 0) return (null, errors);

        var credits = movements.Where(m => m.Amount > 0).Sum(m => m.Amount);
        var debits = -movements.Where(m => m.Amount < 0).Sum(m => m.Amount);
        if (credits != trailerCredit || debits != trailerDebit)
            errors.Add(new(0, $"the trailer's totals ({trailerCredit} credit, {trailerDebit} debit) differ from the movements ({credits}, {debits})"));
        if (oldBalance + credits - debits != newBalance)
            errors.Add(new(0, $"the old balance {oldBalance} with the movements does not give the new balance {newBalance}"));
        if (errors.Count > 0) return (null, errors);
        return (new CodaStatement(account!, number!.Value, date!.Value, oldBalance!.Value, newBalance!.Value, movements), errors);
    }

    private static decimal Amount(char sign, string digits)
    {
        if (sign is not ('0' or '1') || digits.Length != 15 || !digits.All(char.IsAsciiDigit))
            throw new FormatException($"amount \"{sign}{digits}\" is not a sign and 15 digits");
        var value = long.Parse(digits, CultureInfo.InvariantCulture) / 1000m;
        if (decimal.Round(value, 2) != value) throw new FormatException($"amount {value} is not in cents");
        return sign == '1' ? -value : value;
    }

    private static DateOnly Date(string ddmmyy)
    {
        if (!DateOnly.TryParseExact(ddmmyy, "ddMMyy", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d))
            throw new FormatException($"date \"{ddmmyy}\" is not DDMMYY");
        return d;
    }

    /// <summary>The account of record 1 by its structure: 0 Belgian number, 1 foreign, 2 Belgian IBAN, 3 foreign IBAN.</summary>
    private static string Account(char structure, string field) => structure switch
    {
        '0' => field[..12].Trim(),
        '1' => field[..34].Trim(),
        '2' => field[..16].Trim(),
        '3' => field[..34].Trim(),
        _ => throw new FormatException($"account structure \"{structure}\" is not 0 to 3"),
    };
}
