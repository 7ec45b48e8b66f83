using KoproGo.Domain.Accounting;
using KoproGo.Domain.Buildings;
using KoproGo.Tests.Support;

namespace KoproGo.Tests.Domain.Accounting;

public class ChargeSplitTests
{
    // Three lots of a 1,000-quota building; lot 2 held half-half, lot 3 by thirds.
    private static readonly LotWeight[] Lots =
    [
        new(1, 333, [new OwnerShare(10, 1, 1)]),
        new(2, 333, [new OwnerShare(20, 1, 2), new OwnerShare(21, 1, 2)]),
        new(3, 334, [new OwnerShare(30, 1, 3), new OwnerShare(31, 1, 3), new OwnerShare(32, 1, 3)]),
    ];

    [Theory]
    [InlineData("1000.00")]
    [InlineData("333.33")]
    [InlineData("0.07")]
    [InlineData("12345.67")]
    public void Parts_over_lots_and_owners_sum_exactly_to_the_expense(string amount)
    {
        var total = decimal.Parse(amount, System.Globalization.CultureInfo.InvariantCulture);
        var parts = ChargeSplit.Split(total, Lots);
        Assert.Equal(total, parts.Sum(p => p.Amount));
        Assert.All(parts, p => Assert.Equal(decimal.Round(p.Amount, 2), p.Amount));
        Assert.Equal(6, parts.Count);
    }

    [Fact]
    public void The_333_33_split_gives_the_lot_then_its_owners_their_cents()
    {
        var parts = ChargeSplit.Split(333.33m, Lots);
        // 33,333 cents × 333/1000 = 11,099.889 (twice) and × 334/1000 = 11,133.222: floors leave 2 cents, to the two .889
        Assert.Equal(111.00m, parts.Where(p => p.LotId == 1).Sum(p => p.Amount));
        Assert.Equal(111.00m, parts.Where(p => p.LotId == 2).Sum(p => p.Amount));
        Assert.Equal(111.33m, parts.Where(p => p.LotId == 3).Sum(p => p.Amount));
        Assert.Equal([55.50m, 55.50m], parts.Where(p => p.LotId == 2).Select(p => p.Amount));
        Assert.Equal([37.11m, 37.11m, 37.11m], parts.Where(p => p.LotId == 3).Select(p => p.Amount));
    }

    [Fact]
    public void Per_owner_adds_an_owners_lots()
    {
        var parts = ChargeSplit.Split(1000m, [new LotWeight(1, 1, [new OwnerShare(7, 1, 1)]), new LotWeight(2, 3, [new OwnerShare(7, 1, 1)])]);
        Assert.Equal([(7L, 1000m)], ChargeSplit.PerOwner(parts));
    }

    [Fact]
    public void A_lot_without_owner_that_day_is_refused() =>
        Assert.Throws<ArgumentException>(() => ChargeSplit.Split(10m, [new LotWeight(1, 1, [])]));
}

public class JournalEntryTests
{
    [Fact]
    public void An_entry_balances_when_debits_equal_credits()
    {
        Assert.Equal(EntryProblem.None, JournalEntry.Check([new("610", 121m, 0), new("440", 0, 121m)]));
        Assert.Equal(EntryProblem.Unbalanced, JournalEntry.Check([new("610", 121m, 0), new("440", 0, 120.99m)]));
        Assert.Equal(EntryProblem.TooFewLines, JournalEntry.Check([new("610", 0, 0)]));
        Assert.Equal(EntryProblem.BothSides, JournalEntry.Check([new("610", 1m, 1m), new("440", 0, 0)]));
        Assert.Equal(EntryProblem.NegativeAmount, JournalEntry.Check([new("610", -5m, 0), new("440", 0, -5m)]));
        Assert.Equal(EntryProblem.NotInCents, JournalEntry.Check([new("610", 1.005m, 0), new("440", 0, 1.005m)]));
    }

    [Fact]
    public void A_reversal_swaps_sides_and_cancels_the_entry()
    {
        EntryLine[] entry = [new("610", 121m, 0), new("440", 0, 121m)];
        var reversal = JournalEntry.Reversal(entry);
        Assert.Equal(EntryProblem.None, JournalEntry.Check(reversal));
        Assert.Equal(0m, entry.Concat(reversal).Where(l => l.Account == "610").Sum(l => l.Debit - l.Credit));
    }
}

public class FinancialYearTests
{
    [Fact]
    public void A_closed_year_takes_no_entry_and_an_open_one_only_within_its_dates()
    {
        var open = new FinancialYear(new(2026, 1, 1), new(2026, 12, 31), Closed: false);
        Assert.True(open.AcceptsEntry(new(2026, 6, 30)));
        Assert.False(open.AcceptsEntry(new(2027, 1, 1)));
        Assert.False((open with { Closed = true }).AcceptsEntry(new(2026, 6, 30)));
        Assert.Equal((new DateOnly(2027, 1, 1), new DateOnly(2027, 12, 31)), open.Next());
    }

    [Fact]
    public void A_year_lasts_at_most_two_years() =>
        Assert.False(FinancialYear.IsValidPeriod(new(2025, 1, 1), new(2027, 1, 1)));

    [Fact]
    public void Provisions_of_a_year_sum_to_the_voted_amount()
    {
        var months = Enumerable.Range(1, 12).Select(m => Provisions.Instalment(10_000m, CallFrequency.Monthly, m)).ToArray();
        Assert.Equal(10_000m, months.Sum());
        Assert.Equal(833.34m, months[0]);
        Assert.Equal(833.33m, months[11]);
        Assert.Equal(2_500m, Provisions.Instalment(10_000m, CallFrequency.Quarterly, 4));
        Assert.Equal(3, Provisions.PeriodOf(new(2026, 9, 30), CallFrequency.Quarterly));
        Assert.Equal(-40m, Provisions.Settlement(provisionsCalled: 1_000m, actualCharges: 960m));
    }
}

public class GiroCodeTests
{
    [Fact]
    public void The_payload_follows_epc069_12_with_the_structured_communication()
    {
        var payload = GiroCode.Payload("ACP Les Tilleuls", "BE68 5390 0754 7034", 1234.5m, new StructuredCommunication(1_234_567_890));
        Assert.Equal("BCD\n002\n1\nSCT\n\nACP Les Tilleuls\nBE68539007547034\nEUR1234.50\n\n123456789002", payload);
    }

    [Fact]
    public void No_code_for_nothing_or_fractions_of_a_cent()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => GiroCode.Payload("A", "BE68539007547034", 0m, new StructuredCommunication(1)));
        Assert.Throws<ArgumentOutOfRangeException>(() => GiroCode.Payload("A", "BE68539007547034", 1.001m, new StructuredCommunication(1)));
    }
}

public class CodaTests
{
    private static CodaSample Sample() => new CodaSample("BE68539007547034", new DateOnly(2026, 11, 20), 42, 1_000m)
        .Credit(250.75m, "+++123/4567/89002+++", "DUPONT MARIE")
        .Credit(80m, "charges lot 3 novembre", "JANSSENS KOEN", structured: false)
        .Debit(121m, "facture 2026-118", "ASCENSEURS SA");

    private static CodaStatement Single(string text)
    {
        var (statements, errors) = Coda.Parse(text);
        Assert.Empty(errors);
        return Assert.Single(statements);
    }

    [Fact]
    public void A_statement_is_read_with_its_balances_and_movements()
    {
        var statement = Single(Sample().ToString());
        Assert.Equal("BE68539007547034", statement.Account);
        Assert.Equal(42, statement.StatementNumber);
        Assert.Equal(new DateOnly(2026, 11, 20), statement.Date);
        Assert.Equal(1_000m, statement.OldBalance);
        Assert.Equal(1_209.75m, statement.NewBalance);
        Assert.Equal(3, statement.Movements.Count);
        var first = statement.Movements[0];
        Assert.True(first.Structured);
        Assert.Equal("+++123/4567/89002+++", first.Communication);
        Assert.Equal(250.75m, first.Amount);
        Assert.Equal("DUPONT MARIE", first.CounterpartyName);
        Assert.Equal("BE71096123456769", first.CounterpartyAccount);
        Assert.Equal("charges lot 3 novembre", statement.Movements[1].Communication);
        Assert.Equal(-121m, statement.Movements[2].Amount);
    }

    [Fact]
    public void A_free_communication_continued_over_records_2_2_and_2_3_keeps_its_words_apart()
    {
        // 53 characters in 2.1, 53 in 2.2, 43 in 2.3: the bank cuts where the record ends, here between two words and inside one
        var text = "Provisions du deuxième trimestre pour l'appartement A" + " 3.1 et la cave C12, avec nos excuses pour le retard " + "de paiement, famille Dubois-Van den Bossche";
        var statement = Single(new CodaSample("BE68539007547034", new DateOnly(2026, 11, 20), 7, 0m)
            .Credit(480m, text, "DUBOIS", structured: false).ToString());
        Assert.Equal(text, statement.Movements[0].Communication);
        Assert.Equal("a b", Single(new CodaSample("BE68539007547034", new DateOnly(2026, 11, 20), 8, 0m)
            .Credit(1m, "a" + new string(' ', 52) + "b", "X", structured: false).ToString()).Movements[0].Communication);
    }

    [Fact]
    public void Information_records_3_and_free_text_4_are_read_past_and_never_make_a_movement()
    {
        var statement = Single(new CodaSample("BE68539007547034", new DateOnly(2026, 11, 20), 9, 100m)
            .Credit(50m, "+++123/4567/89002+++", "DUPONT MARIE", information: true)
            .Debit(20m, "entretien", "ASCENSEURS SA", information: true).ToString());
        Assert.Equal([50m, -20m], statement.Movements.Select(m => m.Amount));
        Assert.Equal(130m, statement.NewBalance);
        var records = Sample().ToString();
        Assert.DoesNotContain("\r\n31", records);
        var withInformation = new CodaSample("BE68539007547034", new DateOnly(2026, 11, 20), 9, 0m).Credit(1m, "x", "Y", structured: false, information: true).ToString();
        foreach (var type in new[] { "0", "1", "21", "22", "23", "31", "32", "33", "4", "8", "9" })
            Assert.Contains(withInformation.Split("\r\n"), r => r.StartsWith(type) && r.Length == 128);
    }

    [Fact]
    public void Every_statement_of_a_file_is_read_whatever_its_account()
    {
        var (statements, errors) = Coda.Parse(CodaSample.File(
            new CodaSample("BE68539007547034", new DateOnly(2026, 11, 19), 41, 1_000m).Credit(10m, "+++123/4567/89002+++", "DUPONT MARIE"),
            new CodaSample("BE68539007547034", new DateOnly(2026, 11, 20), 42, 1_010m).Credit(20m, "loyer", "JANSSENS", structured: false).Debit(5m, "frais", "BANQUE"),
            new CodaSample("BE41363081234510", new DateOnly(2026, 11, 20), 3, 0m).Credit(7m, "don", "VOISIN", structured: false)));
        Assert.Empty(errors);
        Assert.Equal([41, 42, 3], statements.Select(s => s.StatementNumber));
        Assert.Equal([1_010m, 1_025m, 7m], statements.Select(s => s.NewBalance));
        Assert.Equal(["BE68539007547034", "BE68539007547034", "BE41363081234510"], statements.Select(s => s.Account));
        Assert.Equal([1, 1, 2, 1], statements.SelectMany(s => s.Movements).Select(m => m.Sequence));
    }

    [Fact]
    public void An_old_belgian_account_number_is_read_as_its_iban()
    {
        var statement = Single(new CodaSample("BE68539007547034", new DateOnly(2026, 11, 20), 42, 0m).WithOldAccountNumber()
            .Credit(1m, "+++123/4567/89002+++", "X").ToString());
        Assert.Equal("BE68539007547034", statement.Account);
        Assert.Equal("BE41363081234510", BelgianAccount.ToIban("363-0812345-10"));
        Assert.Null(BelgianAccount.ToIban("363081234511"));
        Assert.False(BelgianAccount.IsValid("12345"));
    }

    [Fact]
    public void A_file_whose_totals_do_not_add_up_is_refused()
    {
        var text = Sample().ToString().Replace("0000000250750", "0000000250760");
        var (statements, errors) = Coda.Parse(text);
        Assert.Empty(statements);
        Assert.Contains(errors, e => e.Problem == Coda.Problems.TrailerTotals);
        Assert.Contains(errors, e => e.Problem == Coda.Problems.BalanceMismatch);
    }

    [Fact]
    public void A_statement_without_its_new_balance_is_refused()
    {
        var lines = Sample().ToString().Split("\r\n").Where(r => !r.StartsWith('8')).ToArray();
        var (statements, errors) = Coda.Parse(string.Join("\r\n", lines));
        Assert.Empty(statements);
        Assert.Contains(errors, e => e.Problem == Coda.Problems.NoNewBalance && e.Line == 2);
    }

    [Theory]
    [InlineData("this is not a bank statement")]
    [InlineData("")]
    public void Anything_else_is_refused_with_reasons(string text)
    {
        var (statements, errors) = Coda.Parse(text);
        Assert.Empty(statements);
        Assert.NotEmpty(errors);
    }

    [Fact]
    public void A_bad_date_is_reported_on_its_line()
    {
        var lines = Sample().ToString().Split("\r\n");
        lines[2] = lines[2][..47] + "321326" + lines[2][53..];
        var (_, errors) = Coda.Parse(string.Join("\r\n", lines));
        Assert.Contains(errors, e => e.Line == 3 && e.Problem == Coda.Problems.BadDate && (string)e.Args[0] == "321326");
    }
}

public class PaymentMatchingTests
{
    private static readonly StructuredCommunication Ref = new(1234567890);

    [Fact]
    public void The_reference_is_read_from_the_structured_field_or_from_free_text()
    {
        Assert.Equal(Ref, PaymentMatching.Reference(Ref.Digits));
        Assert.Equal(Ref, PaymentMatching.Reference($"provisions lot A2 {Ref} merci"));
        Assert.Equal(Ref, PaymentMatching.Reference("communication 123/4567/890" + Ref.Digits[10..]));
        Assert.Null(PaymentMatching.Reference("123/4567/89099 (wrong check digits)"));
        Assert.Null(PaymentMatching.Reference("loyer novembre"));
    }

    [Theory]
    [InlineData("M. ET MME DUPONT-LEROY J.", "Dupont", true)]
    [InlineData("DUPONT LEROY", "Dupont-Leroy", true)]
    [InlineData("Françoise Lefèvre", "LEFEVRE", true)]
    [InlineData("DUPONTEL SPRL", "Dupont", false)]
    [InlineData("", "Dupont", false)]
    public void A_payer_names_an_owner_by_every_word_of_the_last_name(string payer, string lastName, bool expected) =>
        Assert.Equal(expected, PaymentMatching.SameName(payer, lastName));

    [Fact]
    public void Amount_and_name_match_only_when_they_designate_one_owner()
    {
        var day = new DateOnly(2026, 1, 31);
        OpenItem[] items =
        [
            new(1, 10, "Dupont", day.AddMonths(3), 250.75m),
            new(2, 10, "Dupont", day, 250.75m),
            new(3, 20, "Martin", day, 250.75m),
            new(4, 30, "Dupont", day, 99.00m),
        ];
        Assert.Equal(2, PaymentMatching.ByAmountAndName(250.75m, "DUPONT JEAN", items)?.ItemId);
        Assert.Equal(3, PaymentMatching.ByAmountAndName(250.75m, "MARTIN-DUPONT", items[2..3])?.ItemId);
        Assert.Null(PaymentMatching.ByAmountAndName(250.75m, "MARTIN-DUPONT", items));
        Assert.Null(PaymentMatching.ByAmountAndName(250.70m, "DUPONT JEAN", items));
        Assert.Null(PaymentMatching.ByAmountAndName(250.75m, "SOMEONE ELSE", items));
    }
}
