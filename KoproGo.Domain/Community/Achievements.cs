namespace KoproGo.Domain.Community;

/// <summary>What a member is recognised for, from their real activity in the building.</summary>
public enum Achievement { Exchanges, NeighboursHelped, ObjectsLent, EventsOrganised, SharedPurchases }

public enum AchievementLevel { None, Bronze, Silver, Gold }

/// <summary>
/// Achievements and their three levels. The silver thresholds are those of the community specification ("Good
/// neighbour": 10 exchanges, 5 neighbours helped, 20 objects lent, 3 events organised, 10 shared purchases); bronze
/// rewards the first step, gold a lasting commitment.
/// </summary>
public static class Achievements
{
    public static (int Bronze, int Silver, int Gold) Thresholds(Achievement achievement) => achievement switch
    {
        Achievement.Exchanges => (1, 10, 25),
        Achievement.NeighboursHelped => (1, 5, 12),
        Achievement.ObjectsLent => (1, 20, 50),
        Achievement.EventsOrganised => (1, 3, 10),
        Achievement.SharedPurchases => (1, 10, 25),
        _ => throw new ArgumentOutOfRangeException(nameof(achievement)),
    };

    public static AchievementLevel Level(Achievement achievement, int count)
    {
        var (bronze, silver, gold) = Thresholds(achievement);
        return count >= gold ? AchievementLevel.Gold : count >= silver ? AchievementLevel.Silver : count >= bronze ? AchievementLevel.Bronze : AchievementLevel.None;
    }

    /// <summary>How many more are needed for the next level; null at gold.</summary>
    public static int? ToNextLevel(Achievement achievement, int count)
    {
        var (bronze, silver, gold) = Thresholds(achievement);
        return count < bronze ? bronze - count : count < silver ? silver - count : count < gold ? gold - count : null;
    }
}

/// <summary>The periods of the credits leaderboard.</summary>
public enum LeaderboardPeriod { Month, Year, AllTime }

public static class Leaderboard
{
    /// <summary>The first day counted by a period (Brussels dates); null for all time.</summary>
    public static DateOnly? Since(LeaderboardPeriod period, DateOnly today) => period switch
    {
        LeaderboardPeriod.Month => new DateOnly(today.Year, today.Month, 1),
        LeaderboardPeriod.Year => new DateOnly(today.Year, 1, 1),
        _ => null,
    };
}

/// <summary>The quarter of a date, for the impact report: its first and last day.</summary>
public static class Quarters
{
    public static (DateOnly First, DateOnly Last) Of(int year, int quarter)
    {
        if (quarter is < 1 or > 4) throw new ArgumentOutOfRangeException(nameof(quarter));
        var first = new DateOnly(year, 3 * quarter - 2, 1);
        return (first, first.AddMonths(3).AddDays(-1));
    }

    public static int Number(DateOnly day) => (day.Month - 1) / 3 + 1;
}
