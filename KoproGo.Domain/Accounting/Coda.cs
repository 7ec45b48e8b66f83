using System.Globalization;
using System.Text.RegularExpressions;
using KoproGo.Domain.Buildings;

namespace KoproGo.Domain.Accounting;

/// <summary>
/// One movement of a bank statement: positive amounts are credits (money received). A structured communication is
/// written +++123/4567/89002+++; a free one is the text of records 2.1, 2.2 and 2.3 joined as the bank cut it.
/// </summary>
public sealed record CodaMovement(int Sequence, DateOnly ValueDate, decimal Amount, string Communication, bool Structured,
    string CounterpartyAccount, string CounterpartyName);

/// <summary>
/// One statement: its account as an IBAN (a Belgian account number of record 1 structure 0 is turned into its IBAN),
/// its number (three digits: banks restart it every year, some write 000 on every statement) and its date, the date of
/// the new balance. Account, date, number and a movement's sequence together name the movement.
/// </summary>
public sealed record CodaStatement(string Account, int StatementNumber, DateOnly Date, decimal OldBalance, decimal NewBalance,
    IReadOnlyList<CodaMovement> Movements);

/// <summary>
/// What is wrong with a file, with its line number (1-based; 0 for the file as a whole). <see cref="Problem"/> is an
/// English text with {0}-style places for <see cref="Args"/>: the page shows it in the reader's language.
/// </summary>
public sealed record CodaError(int Line, string Problem, params object[] Args)
{
    public override string ToString() => $"line {Line}: {string.Format(CultureInfo.InvariantCulture, Problem, Args)}";
}

/// <summary>
/// Reads a CODA file (Febelfin "Coded statement of account", standard 2.6): records of 128 characters, 0 header,
/// 1 old balance, 2.1/2.2/2.3 movement and counterparty, 3.1/3.2/3.3 information, 4 free text, 8 new balance,
/// 9 trailer. A file holds one or more statements (each from a record 1 to its record 8), possibly of several
/// accounts; a record 9 closes the file (or each part of it) with the totals of the movements since the last one.
/// Amounts have 15 digits with 3 decimals and a sign digit (0 credit, 1 debit); dates are DDMMYY. Only movement
/// records of detail number 0 are taken (details of a globalised movement repeat its total). The file is refused
/// unless each statement's old balance plus its movements gives its new balance and the trailers' totals agree.
/// </summary>
public static partial class Coda
{
    public const int RecordLength = 128;

    /// <summary>Every problem the reader reports, in English: the keys of their translations (a test checks all four languages).</summary>
    public static class Problems
    {
        public const string TooLong = "longer than 128 characters";
        public const string StatementNotClosed = "a new statement begins before the new balance (record 8) of the previous one";
        public const string UnknownMovementRecord = "unknown movement record 2.{0}";
        public const string UnknownInformationRecord = "unknown information record 3.{0}";
        public const string OtherAccountAtClose = "the new balance is of account {0}, the old balance of account {1}";
        public const string TrailerTotals = "the trailer's totals ({0} credit, {1} debit) differ from the movements ({2}, {3})";
        public const string UnknownRecord = "unknown record type {0}";
        public const string NoHeader = "no header record (0)";
        public const string NoNewBalance = "the statement has no new balance (record 8)";
        public const string NoStatement = "no statement (records 1 to 8)";
        public const string NoTrailer = "no trailer record (9)";
        public const string AfterTrailer = "movements after the last trailer record (9)";
        public const string OutsideStatement = "a record of a statement outside its records 1 and 8";
        public const string ContinuationAlone = "a movement record 2.2 or 2.3 without its record 2.1";
        public const string BalanceMismatch = "the old balance {0} with the movements does not give the new balance {1}";
        public const string BadAmount = "amount \"{0}\" is not a sign and 15 digits";
        public const string NotCents = "amount {0} is not in cents";
        public const string BadDate = "date \"{0}\" is not DDMMYY";
        public const string BadBelgianAccount = "\"{0}\" is not a Belgian account number";
        public const string BadAccountStructure = "account structure \"{0}\" is not 0 to 3";
    }

    public static (IReadOnlyList<CodaStatement> Statements, IReadOnlyList<CodaError> Errors) Parse(string text)
    {
        var errors = new List<CodaError>();
        var statements = new List<CodaStatement>();
        var lines = text.Replace("\r\n", "\n").Replace('\r', '\n').Split('\n');
        var headerSeen = false;
        var trailerSeen = false;
        Open? open = null;                                       // the statement between its record 1 and its record 8
        decimal sinceTrailerCredit = 0, sinceTrailerDebit = 0;   // the movements the next record 9 must total

        for (var i = 0; i < lines.Length; i++)
        {
            var raw = lines[i];
            if (raw.Trim().Length == 0) continue;
            var lineNo = i + 1;
            if (raw.Length > RecordLength) { errors.Add(new(lineNo, Problems.TooLong)); continue; }
            var r = raw.PadRight(RecordLength);
            string F(int from, int to) => r.Substring(from - 1, to - from + 1);
            try
            {
                switch (r[0])
                {
                    case '0':
                        headerSeen = true;
                        Date(F(6, 11));
                        break;
                    case '1':
                        if (open is not null) errors.Add(new(lineNo, Problems.StatementNotClosed));
                        open = new Open(lineNo, Account(r[1], F(6, 42)), int.Parse(F(3, 5), CultureInfo.InvariantCulture), Amount(r[42], F(44, 58)));
                        break;
                    case '2' when r[1] == '1':
                        if (F(7, 10) != "0000") break;
                        var statement = Current(open);
                        var structured = r[61] == '1' && F(63, 65) == "101";
                        var communication = structured && StructuredCommunication.TryParse(F(66, 77), out var reference) ? reference.ToString() : null;
                        statement.Add(new CodaMovement(int.Parse(F(3, 6), CultureInfo.InvariantCulture), Date(F(48, 53)), Amount(r[31], F(33, 47)),
                            communication ?? F(63, 115), communication is not null, "", ""));
                        break;
                    case '2' when r[1] == '2':
                        if (F(7, 10) == "0000") Current(open).ContinueCommunication(F(11, 63));
                        break;
                    case '2' when r[1] == '3':
                        if (F(7, 10) == "0000") Current(open).Counterparty(F(11, 44).Trim(), F(48, 82).Trim(), F(83, 125));
                        break;
                    case '2':
                        errors.Add(new(lineNo, Problems.UnknownMovementRecord, r[1]));
                        break;
                    case '3' when r[1] is '1' or '2' or '3':
                    case '4':
                        Current(open);
                        break;
                    case '3':
                        errors.Add(new(lineNo, Problems.UnknownInformationRecord, r[1]));
                        break;
                    case '8':
                        var closing = Current(open);
                        var account = Account(closing.Structure, F(5, 41)).Account;
                        if (account != closing.Account)
                            errors.Add(new(lineNo, Problems.OtherAccountAtClose, account, closing.Account));
                        var done = closing.Close(lineNo, Amount(r[41], F(43, 57)), Date(F(58, 63)), errors);
                        statements.Add(done);
                        sinceTrailerCredit += done.Movements.Where(m => m.Amount > 0).Sum(m => m.Amount);
                        sinceTrailerDebit -= done.Movements.Where(m => m.Amount < 0).Sum(m => m.Amount);
                        open = null;
                        break;
                    case '9':
                        trailerSeen = true;
                        var (debit, credit) = (Amount('0', F(23, 37)), Amount('0', F(38, 52)));
                        if (credit != sinceTrailerCredit || debit != sinceTrailerDebit)
                            errors.Add(new(lineNo, Problems.TrailerTotals,
                                credit, debit, sinceTrailerCredit, sinceTrailerDebit));
                        (sinceTrailerCredit, sinceTrailerDebit) = (0, 0);
                        break;
                    default:
                        errors.Add(new(lineNo, Problems.UnknownRecord, r[0]));
                        break;
                }
            }
            catch (FormatException e)
            {
                errors.Add(new(lineNo, e.Message, (e as ProblemException)?.Args ?? []));
            }
        }

        if (!headerSeen) errors.Add(new(0, Problems.NoHeader));
        if (open is not null) errors.Add(new(open.Line, Problems.NoNewBalance));
        if (statements.Count == 0 && open is null) errors.Add(new(0, Problems.NoStatement));
        if (!trailerSeen) errors.Add(new(0, Problems.NoTrailer));
        else if (sinceTrailerCredit != 0 || sinceTrailerDebit != 0) errors.Add(new(0, Problems.AfterTrailer));
        return errors.Count > 0 ? ([], errors) : (statements, errors);
    }

    private static Open Current(Open? open) => open ?? throw Problem(Problems.OutsideStatement);

    /// <summary>A statement being read: its movements, the last of which may still get its records 2.2 and 2.3.</summary>
    private sealed class Open(int line, (char Structure, string Account) account, int number, decimal oldBalance)
    {
        private readonly List<CodaMovement> movements = [];
        public int Line { get; } = line;
        public char Structure { get; } = account.Structure;
        public string Account { get; } = account.Account;

        public void Add(CodaMovement movement) => movements.Add(movement);

        private CodaMovement Last => movements.Count > 0 ? movements[^1] : throw Problem(Problems.ContinuationAlone);

        /// <summary>Record 2.2 or 2.3 goes on with the free text where 2.1 stopped: the pieces are joined as cut, not trimmed.</summary>
        public void ContinueCommunication(string piece)
        {
            if (Last is { Structured: false } m) movements[^1] = m with { Communication = m.Communication + piece };
        }

        public void Counterparty(string counterpartyAccount, string name, string communicationPiece)
        {
            ContinueCommunication(communicationPiece);
            movements[^1] = Last with { CounterpartyAccount = counterpartyAccount, CounterpartyName = name };
        }

        public CodaStatement Close(int lineNo, decimal newBalance, DateOnly date, List<CodaError> errors)
        {
            var tidy = movements.Select(m => m.Structured ? m : m with { Communication = Spaces().Replace(m.Communication, " ").Trim() }).ToList();
            var moved = tidy.Sum(m => m.Amount);
            if (oldBalance + moved != newBalance)
                errors.Add(new(lineNo, Problems.BalanceMismatch, oldBalance, newBalance));
            return new CodaStatement(Account, number, date, oldBalance, newBalance, tidy);
        }
    }

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();

    /// <summary>A problem found inside a record, reported on its line by <see cref="Parse"/>.</summary>
    private sealed class ProblemException(string problem, object[] args) : FormatException(problem)
    {
        public object[] Args { get; } = args;
    }

    private static ProblemException Problem(string problem, params object[] args) => new(problem, args);

    private static decimal Amount(char sign, string digits)
    {
        if (sign is not ('0' or '1') || digits.Length != 15 || !digits.All(char.IsAsciiDigit))
            throw Problem(Problems.BadAmount, sign + digits);
        var value = long.Parse(digits, CultureInfo.InvariantCulture) / 1000m;
        if (decimal.Round(value, 2) != value) throw Problem(Problems.NotCents, value);
        return sign == '1' ? -value : value;
    }

    private static DateOnly Date(string ddmmyy)
    {
        if (!DateOnly.TryParseExact(ddmmyy, "ddMMyy", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d))
            throw Problem(Problems.BadDate, ddmmyy);
        return d;
    }

    /// <summary>
    /// The account of record 1 (and 8, one position earlier) by its structure: 0 a Belgian account number of 12 digits
    /// (turned into its IBAN, the form the building records), 1 a foreign number, 2 a Belgian IBAN, 3 a foreign IBAN.
    /// </summary>
    private static (char Structure, string Account) Account(char structure, string field) => (structure, structure switch
    {
        '0' => BelgianAccount.ToIban(field[..12]) ?? throw Problem(Problems.BadBelgianAccount, field[..12].Trim()),
        '1' => field[..34].Trim(),
        '2' => field[..16].Trim(),
        '3' => field[..34].Trim(),
        _ => throw Problem(Problems.BadAccountStructure, structure),
    });
}
