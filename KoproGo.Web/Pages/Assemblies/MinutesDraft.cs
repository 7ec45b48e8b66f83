using KoproGo.Web.Infrastructure;

namespace KoproGo.Web.Pages.Assemblies;

/// <summary>
/// The first draft of the minutes (procès-verbal), in the building's language, written from the agenda, the
/// attendance and the results; the syndic completes it before sending it.
/// </summary>
public static class MinutesDraft
{
    public static string Write(Assembly a, IReadOnlyList<AgendaItem> items, IReadOnlyList<Member> members, AttendanceSummary summary)
    {
        var lang = a.BuildingLanguage;
        var culture = Languages.Culture(lang);
        string T(string key, params object[] args) => string.Format(culture, Languages.Text(lang, key), args);
        var text = new System.Text.StringBuilder();
        text.AppendLine(T("The {0} of {1} met on {2} at {3}, {4}.", T(Labels.AssemblyKind(a.Kind)).ToLower(culture), a.BuildingName,
            a.MeetingLocal.ToString("D", culture), a.MeetingLocal.ToString("t", culture), a.Place));
        text.AppendLine(T("Present or represented: {0} of {1} owners, holding {2} of {3} shares.", summary.Attending, summary.Members,
            summary.VotesAttending.ToString("N0", culture), a.TotalShares.ToString("N0", culture)));
        text.AppendLine(a.IsSecond ? T("Second assembly: it deliberates whatever the number present (art. 3.87 §5).")
            : T("The quorum of art. 3.87 §5 is reached."));
        var represented = members.Where(m => m.Attendance == "represented").ToList();
        if (represented.Count > 0)
            text.AppendLine(T("Proxies: {0}.", string.Join("; ", represented.Select(m =>
                $"{m.Name} → {m.ProxyHolder}"))));
        foreach (var item in items)
        {
            text.AppendLine().AppendLine($"{item.Position}. {item.Title}");
            if (!item.IsVoted)
            {
                text.AppendLine(T("For information, no vote"));
                continue;
            }
            if (item.Adopted is not { } adopted)
            {
                text.AppendLine(T("Not voted."));
                continue;
            }
            text.AppendLine(T("Majority required: {0}.", T(Labels.Majority(item.Majority))));
            text.AppendLine(T("For: {0} · against: {1} · abstentions: {2}.", item.VotesFor!.Value.ToString("N0", culture),
                item.VotesAgainst!.Value.ToString("N0", culture), item.VotesAbstain!.Value.ToString("N0", culture)));
            if (item.VotesSetAside > 0)
                text.AppendLine(T("Votes set aside by the cap of art. 3.87 §6: {0}.", item.VotesSetAside.Value.ToString("N0", culture)));
            text.AppendLine(adopted ? T("The resolution is adopted.") : T("The resolution is rejected."));
        }
        return text.ToString();
    }
}
