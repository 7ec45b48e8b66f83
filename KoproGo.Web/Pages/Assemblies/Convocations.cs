using KoproGo.Domain.Assemblies;
using KoproGo.Web.Infrastructure;
using KoproGo.Web.Infrastructure.Mail;
using KoproGo.Web.Infrastructure.Pdf;

namespace KoproGo.Web.Pages.Assemblies;

/// <summary>What one convened owner receives: the assembly, the agenda and their own votes.</summary>
public sealed record ConvocationView(Assembly Assembly, Member Member, IReadOnlyList<AgendaItem> Items);

/// <summary>The e-mail carrying a convocation or the minutes: a short text and the owner's personal link.</summary>
public sealed record AssemblyMail(string MemberName, string BuildingName, string Kind, DateTime MeetingLocal, string Place, string Link);

/// <summary>
/// Sending the convocation (art. 3.87 §3): refused when later than the building's delay before the meeting; the owners
/// convened are fixed with their votes; those who accepted e-mail get it by mail, the others are listed for a
/// registered letter. Everything in the handler's transaction.
/// </summary>
public static class Convocations
{
    public static async Task Send(Db db, Outbox outbox, Viewer viewer, Assembly assembly)
    {
        // One row per person voting for at least one lot today, with the quotas of those lots.
        await db.Execute($"""
            insert into assembly_members (assembly_id, organisation_id, owner_id, name, votes, lots, language, email, channel, token, convocation_sent_at)
            select @Id, o.organisation_id, o.id, {Labels.PersonNameSql("o")}, sum(v.quota),
                   string_agg(v.number, ', ' order by v.number collate natural_sort), o.language, o.email,
                   case when o.email_convocations and o.email is not null then 'email' else 'post' end,
                   replace(gen_random_uuid()::text, '-', ''),
                   case when o.email_convocations and o.email is not null then now() end
            from lot_voters v join owners o on o.id = v.owner_id
            where v.building_id = @BuildingId
            group by o.id
            """, new { assembly.Id, assembly.BuildingId });
        await db.Execute("update assemblies set status = 'convened', convened_on = @today where id = @Id",
            new { assembly.Id, today = BrusselsTime.Today });
        var footer = await MailFooter.Of(db, assembly.BuildingId);
        foreach (var m in (await AssemblyData.Members(db, assembly.Id)).Where(m => m.Channel == "email"))
            await outbox.Enqueue(db, new MailRequest(m.Email!, m.Name, m.Language, MailKinds.Legal, "Convocation",
                new AssemblyMail(m.Name, assembly.BuildingName, assembly.Kind, assembly.MeetingLocal, assembly.Place, outbox.Link($"/convocation/{m.Token}")))
            {
                OrganisationId = viewer.OrganisationId,
                BuildingId = assembly.BuildingId,
                Footer = footer,
                DedupeKey = $"convocation:{assembly.Id}:{m.OwnerId}",
            });
        await AuditLog.Record(db, viewer, "assembly", assembly.Id, "convened",
            AuditLog.Says("{0}: convocation for {1}", assembly.BuildingName, assembly.MeetingLocal));
    }

    public static PdfFrame Frame(Assembly a, string language) => new(a.BuildingName, BrusselsTime.Today.ToString("d", Languages.Culture(language)),
        $"{Languages.Text(language, Labels.AssemblyKind(a.Kind))} · {a.MeetingLocal.ToString("d", Languages.Culture(language))}");

    /// <summary>Whether the convocation can still leave today, and the last day it could.</summary>
    public static (bool InTime, DateOnly Latest) Timing(Assembly a) =>
        (Delays.ConvocationInTime(BrusselsTime.Today, a.MeetingDate, a.ConvocationDays), Delays.LatestConvocation(a.MeetingDate, a.ConvocationDays));
}
