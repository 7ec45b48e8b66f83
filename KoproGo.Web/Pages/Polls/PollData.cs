using KoproGo.Web.Infrastructure;
using KoproGo.Web.Pages.Documents;

namespace KoproGo.Web.Pages.Polls;

public sealed class Poll
{
    public long Id { get; init; }
    public long BuildingId { get; init; }
    public string BuildingName { get; init; } = "";
    public string BuildingLanguage { get; init; } = "fr";
    public string Question { get; init; } = "";
    public string Description { get; init; } = "";
    public string Kind { get; init; } = "";
    public string[] Options { get; init; } = [];
    public DateOnly OpensOn { get; init; }
    public DateOnly ClosesOn { get; init; }

    public bool IsOpen => BrusselsTime.Today >= OpensOn && BrusselsTime.Today <= ClosesOn;

    /// <summary>The answers a closed-choice poll accepts, as stored.</summary>
    public string[] Choices => Kind switch
    {
        "yes_no" => ["yes", "no"],
        "rating" => ["1", "2", "3", "4", "5"],
        "choice" => Options,
        _ => [],
    };
}

/// <summary>The count of one answer, and the open answers as given.</summary>
public sealed record PollResults(Poll Poll, long Owners, IReadOnlyList<(string Answer, long Count)> Counts, IReadOnlyList<string> Texts)
{
    public long Answers => Counts.Sum(c => c.Count) + Texts.Count;
}

public static class PollData
{
    /// <summary>
    /// A poll the caller may see: staff and the board through <see cref="Viewer.VisibleBuilding"/>, owners of the
    /// building today through the same rule as its documents.
    /// </summary>
    public static Task<Poll?> Find(Db db, Viewer viewer, long id) => db.QuerySingleOrDefault<Poll>($"""
        select p.id, p.building_id, b.name as building_name, b.language as building_language, p.question, p.description, p.kind, p.options,
               p.opens_on, p.closes_on
        from polls p join buildings b on b.id = p.building_id
        where p.id = @id and ({DocumentRules.BuildingOpen})
        """, viewer.Params(new { id }));

    public static async Task<PollResults> Results(Db db, Poll poll)
    {
        var answers = await db.Query<string>("select answer from poll_answers where poll_id = @Id order by answered_at", new { poll.Id });
        var owners = await db.Scalar<long>($"""
            select count(distinct o.owner_id) from lot_ownerships o join lots l on l.id = o.lot_id where l.building_id = @BuildingId and {Ownerships.HeldToday}
            """, new { poll.BuildingId });
        if (poll.Kind == "text") return new PollResults(poll, owners, [], answers);
        var counts = poll.Choices.Select(c => (c, (long)answers.Count(a => a == c))).ToList();
        return new PollResults(poll, owners, counts, []);
    }
}
