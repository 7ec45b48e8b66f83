using KoproGo.Domain.Money;

namespace KoproGo.Domain.Accounting;

public enum BudgetKind { Ordinary, Extraordinary }

/// <summary>
/// The yearly budget (prévisions budgétaires) the syndic prepares and the general assembly votes: Civil Code art. 3.89
/// §5 18° (the syndic prepares each year a budget for running charges and one for foreseeable extraordinary expenses,
/// submitted to the assembly's vote), approved by absolute majority, the default of art. 3.88. Amounts in euros with cents.
/// </summary>
public static class BudgetRules
{
    public static readonly string[] States = ["draft", "submitted", "approved", "rejected", "archived"];

    /// <summary>
    /// draft → submitted (put on an assembly's agenda) → approved | rejected (the vote), or back to draft (the item taken off
    /// the agenda); rejected → draft or submitted again; approved → archived when the next year's is approved. The
    /// database's trigger budgets_state_transition allows the same moves.
    /// </summary>
    public static bool MayMove(string from, string to) => (from, to) is
        ("draft", "submitted") or ("submitted", "approved") or ("submitted", "rejected") or ("submitted", "draft")
        or ("rejected", "draft") or ("rejected", "submitted") or ("approved", "archived");

    /// <summary>Only a draft or a rejected budget is written in; once submitted, it is what the owners were sent.</summary>
    public static bool MayEdit(string state) => state is "draft" or "rejected";

    /// <summary>The instalments of a yearly amount, one per period, to the cent and summing to it (the first ones carry the extra cents).</summary>
    public static decimal[] Instalments(decimal yearly, CallFrequency frequency) =>
        Allocation.LargestRemainder(yearly, Enumerable.Repeat(1m, Provisions.PeriodsPerYear(frequency)).ToArray());

    /// <summary>
    /// What a year's spending will reach if it goes on at the pace so far: the actual to date over the days elapsed,
    /// times the days of the year. Before the year starts, nothing; after it ends, the actual.
    /// </summary>
    public static decimal Projection(decimal actualToDate, DateOnly yearStart, DateOnly yearEnd, DateOnly today)
    {
        if (today < yearStart) return 0m;
        if (today >= yearEnd) return actualToDate;
        var elapsed = today.DayNumber - yearStart.DayNumber + 1;
        var days = yearEnd.DayNumber - yearStart.DayNumber + 1;
        return Math.Round(actualToDate * days / elapsed, 2, MidpointRounding.AwayFromZero);
    }

    /// <summary>
    /// A line is over its budget when what was spent so far exceeds the year's budgeted amount by more than the
    /// building's tolerance (10% unless set otherwise). An account spent without any budget is over at the first euro.
    /// </summary>
    public static bool IsOver(decimal actual, decimal budgeted, decimal tolerancePercent) =>
        actual > Math.Round(budgeted * (100m + tolerancePercent) / 100m, 2, MidpointRounding.AwayFromZero);

    /// <summary>By how much, in percent of the budget, the actual goes beyond it (negative: below); null without a budget.</summary>
    public static decimal? Variance(decimal actual, decimal budgeted) =>
        budgeted == 0 ? null : Math.Round((actual - budgeted) * 100m / budgeted, 1, MidpointRounding.AwayFromZero);
}
