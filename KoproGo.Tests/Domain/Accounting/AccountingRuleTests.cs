using KoproGo.Domain.Accounting;

namespace KoproGo.Tests.Domain.Accounting;

public class StructuredCommunicationTests
{
    [Fact]
    public void The_check_digits_are_the_base_modulo_97()
    {
        var communication = new StructuredCommunication(1_234_567_890);
        Assert.Equal(2, communication.Check);
        Assert.Equal("+++123/4567/89002+++", communication.ToString());
    }

    [Fact]
    public void A_base_divisible_by_97_gets_97_not_00() => Assert.Equal(97, new StructuredCommunication(291).Check);

    [Theory]
    [InlineData("+++123/4567/89002+++", true)]
    [InlineData("***123/4567/89002***", true)]
    [InlineData("123456789002", true)]
    [InlineData(" 123 4567 89002 ", true)]
    [InlineData("+++123/4567/89003+++", false)]  // wrong check digits
    [InlineData("+++123/4567/8900+++", false)]   // eleven digits
    [InlineData("+++000/0000/00097+++", false)]  // zero base
    [InlineData("facture 2026-14", false)]
    public void Bank_lines_are_read_with_their_check_digits_verified(string text, bool valid) =>
        Assert.Equal(valid, StructuredCommunication.TryParse(text, out _));
}

public class LateInterestTests
{
    [Fact]
    public void Thirty_days_at_the_2026_legal_rate() =>
        Assert.Equal(3.70m, LateInterest.Compute(1000m, new DateOnly(2025, 12, 31), new DateOnly(2026, 1, 30)));

    [Fact]
    public void A_period_across_new_year_takes_each_years_rate_for_its_days() =>
        // 30 days of 2025 at 4.0% (3.2877) and 10 days of 2026 at 4.5% (1.2329), rounded once: 4.52.
        Assert.Equal(4.52m, LateInterest.Compute(1000m, new DateOnly(2025, 12, 1), new DateOnly(2026, 1, 10)));

    [Fact]
    public void The_regulations_rate_replaces_the_legal_rate() =>
        Assert.Equal(8.22m, LateInterest.Compute(1000m, new DateOnly(2026, 1, 1), new DateOnly(2026, 1, 31), regulationRate: 0.10m));

    [Fact]
    public void Nothing_is_owed_before_the_due_date_or_on_nothing()
    {
        Assert.Equal(0m, LateInterest.Compute(1000m, new DateOnly(2026, 3, 1), new DateOnly(2026, 3, 1)));
        Assert.Equal(0m, LateInterest.Compute(0m, new DateOnly(2026, 1, 1), new DateOnly(2026, 3, 1)));
    }

    [Fact]
    public void A_year_before_every_known_legal_rate_is_not_guessed() =>
        Assert.Throws<InvalidOperationException>(() => LateInterest.Compute(1000m, new DateOnly(2023, 1, 1), new DateOnly(2023, 2, 1)));

    [Fact]
    public void A_new_year_takes_the_last_published_rate_until_its_own_is_entered()
    {
        Assert.Equal(0.045m, LateInterest.LegalRate(2027, LateInterest.LegalRates));
        Assert.True(LateInterest.IsProvisional(2027, LateInterest.LegalRates));
        var with2027 = new Dictionary<int, decimal>(LateInterest.LegalRates) { [2027] = 0.05m };
        Assert.False(LateInterest.IsProvisional(2027, with2027));
        // 1,000 due on 31 December 2026, paid 31 January 2027: 31 days at the rate entered for 2027.
        Assert.Equal(4.25m, LateInterest.Compute(1000m, new DateOnly(2026, 12, 31), new DateOnly(2027, 1, 31), legalRates: with2027));
    }
}

public class PaymentReminderTests
{
    private static readonly DateOnly Due = new(2026, 1, 1);

    [Theory]
    [InlineData("2026-01-15", ReminderStep.None)]          // 14 days late
    [InlineData("2026-01-16", ReminderStep.Friendly)]      // 15 days
    [InlineData("2026-01-31", ReminderStep.Firm)]          // 30 days
    [InlineData("2026-03-01", ReminderStep.Firm)]          // 59 days
    [InlineData("2026-03-02", ReminderStep.FormalNotice)]  // 60 days
    public void Steps_are_reached_at_15_30_and_60_days(string today, ReminderStep step) =>
        Assert.Equal(step, PaymentReminders.StepReached(Due, DateOnly.Parse(today)));

    [Fact]
    public void No_step_is_skipped_and_none_is_sent_twice()
    {
        var late = new DateOnly(2026, 3, 10);
        Assert.Equal(ReminderStep.Friendly, PaymentReminders.NextToSend(ReminderStep.None, null, Due, late));
        Assert.Equal(ReminderStep.Firm, PaymentReminders.NextToSend(ReminderStep.Friendly, new DateOnly(2026, 1, 16), Due, late));
        Assert.Equal(ReminderStep.None, PaymentReminders.NextToSend(ReminderStep.Friendly, new DateOnly(2026, 1, 16), Due, new DateOnly(2026, 1, 20)));
        Assert.Equal(ReminderStep.None, PaymentReminders.NextToSend(ReminderStep.FormalNotice, new DateOnly(2026, 1, 16), Due, late));
    }

    [Fact]
    public void A_job_that_did_not_run_for_months_catches_up_one_step_every_15_days()
    {
        // Due on 1 January, nothing sent until 1 June (151 days late): friendly first, then firm and the formal notice
        // 15 days apart, never the formal notice at once.
        var today = new DateOnly(2026, 6, 1);
        Assert.Equal(ReminderStep.Friendly, PaymentReminders.NextToSend(ReminderStep.None, null, Due, today));
        Assert.Equal(ReminderStep.None, PaymentReminders.NextToSend(ReminderStep.Friendly, today, Due, today.AddDays(14)));
        Assert.Equal(ReminderStep.Firm, PaymentReminders.NextToSend(ReminderStep.Friendly, today, Due, today.AddDays(15)));
        Assert.Equal(ReminderStep.FormalNotice, PaymentReminders.NextToSend(ReminderStep.Firm, today.AddDays(15), Due, today.AddDays(30)));
    }

    [Fact]
    public void The_law_comes_after_the_formal_notice_by_a_person_and_15_days_later()
    {
        var notice = new DateOnly(2026, 3, 2);
        Assert.Equal(ReminderStep.None, PaymentReminders.NextToSend(ReminderStep.FormalNotice, notice, Due, notice.AddDays(40)));
        Assert.False(PaymentReminders.MayGoToLaw(ReminderStep.FormalNotice, notice, notice.AddDays(14)));
        Assert.True(PaymentReminders.MayGoToLaw(ReminderStep.FormalNotice, notice, notice.AddDays(15)));
        Assert.False(PaymentReminders.MayGoToLaw(ReminderStep.Firm, notice, notice.AddDays(40)));
    }

    [Fact]
    public void The_first_reminder_is_free_and_the_others_cost_what_the_building_set()
    {
        Assert.Equal(0m, PaymentReminders.Fee(ReminderStep.Friendly, 10m, 25m));
        Assert.Equal(10m, PaymentReminders.Fee(ReminderStep.Firm, 10m, 25m));
        Assert.Equal(25m, PaymentReminders.Fee(ReminderStep.FormalNotice, 10m, 25m));
        Assert.Equal(0m, PaymentReminders.Fee(ReminderStep.Legal, 10m, 25m));
    }

    [Fact]
    public void Reminders_go_by_mail_or_post_and_the_formal_notice_by_registered_letter()
    {
        Assert.Equal(ReminderChannel.Email, PaymentReminders.Channel(ReminderStep.Firm, hasEmail: true));
        Assert.Equal(ReminderChannel.Post, PaymentReminders.Channel(ReminderStep.Friendly, hasEmail: false));
        Assert.Equal(ReminderChannel.Registered, PaymentReminders.Channel(ReminderStep.FormalNotice, hasEmail: true));
    }

    [Theory]
    [InlineData(0, ArrearsAge.Days0To30)]
    [InlineData(30, ArrearsAge.Days0To30)]
    [InlineData(31, ArrearsAge.Days31To60)]
    [InlineData(60, ArrearsAge.Days31To60)]
    [InlineData(61, ArrearsAge.Days61To90)]
    [InlineData(90, ArrearsAge.Days61To90)]
    [InlineData(91, ArrearsAge.Over90)]
    public void Arrears_are_aged_by_days_overdue(int days, ArrearsAge age) => Assert.Equal(age, PaymentReminders.Age(Due, Due.AddDays(days)));

    [Theory]
    [InlineData("sent", "paid", true)]
    [InlineData("sent", "cancelled", true)]
    [InlineData("paid", "sent", false)]
    [InlineData("cancelled", "sent", false)]
    [InlineData("paid", "cancelled", false)]
    public void A_step_is_closed_once(string from, string to, bool allowed) => Assert.Equal(allowed, PaymentReminders.MayMove(from, to));
}

public class ReserveFundAndVatTests
{
    [Fact]
    public void The_reserve_fund_minimum_is_five_percent_rounded_up_to_the_cent()
    {
        Assert.Equal(617.29m, ReserveFund.MinimumContribution(12_345.67m));
        Assert.False(ReserveFund.IsSufficient(617.28m, 12_345.67m, waivedByAssembly: false));
        Assert.True(ReserveFund.IsSufficient(617.29m, 12_345.67m, waivedByAssembly: false));
        Assert.True(ReserveFund.IsSufficient(0m, 12_345.67m, waivedByAssembly: true));
    }

    [Theory]
    [InlineData(0, true)]
    [InlineData(6, true)]
    [InlineData(12, true)]
    [InlineData(21, true)]
    [InlineData(7, false)]
    [InlineData(-6, false)]
    public void Only_belgian_vat_rates_are_allowed(decimal percent, bool allowed) => Assert.Equal(allowed, VatRates.IsAllowed(percent));

    [Fact]
    public void Vat_is_rounded_to_the_cent()
    {
        Assert.Equal(7.00m, VatRates.On(33.33m, 21m));
        Assert.Throws<ArgumentOutOfRangeException>(() => VatRates.On(100m, 7m));
    }
}

public class BudgetRuleTests
{
    [Theory]
    [InlineData("draft", "submitted", true)]
    [InlineData("submitted", "approved", true)]
    [InlineData("submitted", "rejected", true)]
    [InlineData("submitted", "draft", true)]
    [InlineData("rejected", "submitted", true)]
    [InlineData("approved", "archived", true)]
    [InlineData("draft", "approved", false)]
    [InlineData("approved", "draft", false)]
    [InlineData("archived", "approved", false)]
    public void A_budget_is_approved_only_through_an_assembly(string from, string to, bool allowed) => Assert.Equal(allowed, BudgetRules.MayMove(from, to));

    [Fact]
    public void Only_a_draft_or_a_rejected_budget_is_edited()
    {
        Assert.True(BudgetRules.MayEdit("draft"));
        Assert.True(BudgetRules.MayEdit("rejected"));
        Assert.False(BudgetRules.MayEdit("submitted"));
        Assert.False(BudgetRules.MayEdit("approved"));
    }

    [Theory]
    [InlineData(CallFrequency.Monthly, 12)]
    [InlineData(CallFrequency.Quarterly, 4)]
    [InlineData(CallFrequency.HalfYearly, 2)]
    public void Instalments_sum_to_the_year_to_the_cent(CallFrequency frequency, int periods)
    {
        var instalments = BudgetRules.Instalments(1000.01m, frequency);
        Assert.Equal(periods, instalments.Length);
        Assert.Equal(1000.01m, instalments.Sum());
        Assert.True(instalments.Max() - instalments.Min() <= 0.01m);
        Assert.Equal(250.01m, BudgetRules.Instalments(1000.01m, CallFrequency.Quarterly)[0]);
    }

    [Fact]
    public void Half_years_start_in_january_and_july() =>
        Assert.Equal((1, 7, 2), (Provisions.FirstMonth(CallFrequency.HalfYearly, 1), Provisions.FirstMonth(CallFrequency.HalfYearly, 2), Provisions.PeriodOf(new DateOnly(2026, 8, 1), CallFrequency.HalfYearly)));

    [Fact]
    public void The_projection_follows_the_pace_so_far()
    {
        var (start, end) = (new DateOnly(2026, 1, 1), new DateOnly(2026, 12, 31));
        Assert.Equal(0m, BudgetRules.Projection(500m, start, end, new DateOnly(2025, 12, 31)));
        Assert.Equal(36_500m, BudgetRules.Projection(100m, start, end, start));
        Assert.Equal(1_000m, BudgetRules.Projection(1_000m, start, end, new DateOnly(2027, 2, 1)));
    }

    [Fact]
    public void A_line_is_over_beyond_its_tolerance_not_at_it()
    {
        Assert.False(BudgetRules.IsOver(1_100m, 1_000m, 10m));
        Assert.True(BudgetRules.IsOver(1_100.01m, 1_000m, 10m));
        Assert.True(BudgetRules.IsOver(0.01m, 0m, 10m));
        Assert.Equal(10.0m, BudgetRules.Variance(1_100m, 1_000m));
        Assert.Null(BudgetRules.Variance(5m, 0m));
    }
}

public class CreditTransferTests
{
    [Theory]
    [InlineData("Résidence Les Tilleuls", 70, "Residence Les Tilleuls")]
    [InlineData("Façades & Fils — Liège", 70, "Facades Fils Liege")]
    [InlineData("Größe 12/2026 (ok)", 70, "Grosse 12/2026 (ok)")]
    [InlineData("ABCDEFGHIJ", 4, "ABCD")]
    public void Texts_keep_to_the_sepa_character_set(string text, int max, string expected) => Assert.Equal(expected, CreditTransfers.SepaText(text, max));

    [Theory]
    [InlineData(null, "no IBAN")]
    [InlineData("", "no IBAN")]
    [InlineData("BE71 0961 2345 6769", null)]
    [InlineData("BE71096123456768", "IBAN not valid")]
    public void A_supplier_is_paid_only_to_a_valid_iban(string? iban, string? problem) => Assert.Equal(problem, CreditTransfers.IbanProblem(iban));

    [Fact]
    public void The_file_counts_and_sums_its_payments_and_refuses_an_empty_one()
    {
        var file = CreditTransfers.Build("M-1", new DateTime(2026, 11, 30, 10, 0, 0), "Résidence", "BE41 3630 8123 4510", new DateOnly(2026, 12, 1),
            [new TransferOrder("E1", "A", "BE71096123456769", 10.10m, null, "F-1"), new TransferOrder("E2", "B", "BE68539007547034", 0.01m, new StructuredCommunication(1_234_567_890), "")]);
        var xml = System.Xml.Linq.XDocument.Load(new MemoryStream(file));
        var ns = CreditTransfers.Pain001;
        Assert.Equal("10.11", xml.Root!.Descendants(ns + "GrpHdr").Single().Element(ns + "CtrlSum")!.Value);
        Assert.Equal("BE41363081234510", xml.Root.Descendants(ns + "DbtrAcct").Single().Value);
        Assert.Equal("123456789002", xml.Root.Descendants(ns + "Ref").Single().Value);
        Assert.Throws<ArgumentException>(() => CreditTransfers.Build("M-2", DateTime.Now, "R", "BE41363081234510", new DateOnly(2026, 12, 1), []));
    }
}
