using KoproGo.Domain.Works;

namespace KoproGo.Tests.Domain.Works;

public class InspectionsTests
{
    [Theory]
    [InlineData("lift", 6)]
    [InlineData("boiler", 12)]
    [InlineData("extinguishers", 12)]
    [InlineData("fire_alarm", 12)]
    [InlineData("electrical_installation", 60)]
    [InlineData("roof", null)]
    public void Each_kind_has_its_default_periodicity(string kind, int? months) => Assert.Equal(months, Inspections.DefaultMonths(kind));

    [Fact]
    public void The_next_inspection_counts_from_the_last_one_else_from_the_installation()
    {
        Assert.Equal(new DateOnly(2027, 2, 28), Inspections.NextDue(new DateOnly(2026, 8, 31), new DateOnly(2010, 1, 1), 6));  // end of month kept in February
        Assert.Equal(new DateOnly(2029, 3, 1), Inspections.NextDue(null, new DateOnly(2024, 3, 1), 60));
        Assert.Null(Inspections.NextDue(null, null, 12));
        Assert.Null(Inspections.NextDue(new DateOnly(2026, 1, 1), null, null));
    }

    [Theory]
    [InlineData(-31, null)]
    [InlineData(-30, InspectionWarning.Soon)]
    [InlineData(-1, InspectionWarning.Soon)]
    [InlineData(0, InspectionWarning.Due)]
    [InlineData(1, InspectionWarning.Overdue)]
    [InlineData(400, InspectionWarning.Overdue)]
    public void The_syndic_is_warned_a_month_before_on_the_day_and_once_overdue(int daysFromDue, InspectionWarning? warning)
    {
        var due = new DateOnly(2027, 1, 1);   // across a year's end
        Assert.Equal(warning, Inspections.WarningOn(due, due.AddDays(daysFromDue)));
    }

    [Fact]
    public void Only_a_non_compliant_result_opens_a_problem() =>
        Assert.Equal(["non_compliant"], Inspections.Results.Where(Inspections.OpensAProblem));

    [Fact]
    public void Every_kind_maps_to_a_problem_category() =>
        Assert.All(Inspections.Kinds, k => Assert.Contains(Inspections.ProblemCategory(k), ProblemReports.Categories));
}
