using KoproGo.Domain.Works;
using KoproGo.Web.Infrastructure;

namespace KoproGo.Web.Pages.Works;

/// <summary>
/// How a works request ends in a decision: a quote accepted (by the syndic, the delegated board or the assembly's vote)
/// and the others not retained, each contractor told in their language; or put to an assembly's vote.
/// </summary>
public static class WorksDecisions
{
    /// <summary>Accepts <paramref name="quoteId"/>; false when the request moved meanwhile (nothing changed).</summary>
    public static async Task<bool> Accept(Db db, Notifier notifier, Viewer viewer, WorksData.Request request, long quoteId, string how,
        string? reason, string? fewerQuotesReason)
    {
        var moved = await db.Execute("""
            update works_requests set state = 'accepted', accepted_quote_id = @quoteId, decided_how = @how, decision_reason = @reason,
                fewer_quotes_reason = @fewerQuotesReason, decided_at = now(), decided_by = nullif(@ViewerUserId, 0)
            where id = @Id and state = @State
            """, viewer.Params(new { request.Id, request.State, quoteId, how, reason, fewerQuotesReason }));
        if (moved == 0) return false;
        await db.Execute("update quotes set status = case when id = @quoteId then 'accepted' else 'rejected' end where request_id = @Id",
            new { request.Id, quoteId });
        var quotes = await WorksData.Quotes(db, request.Id);
        var chosen = quotes.Single(q => q.Id == quoteId);
        await AuditLog.Record(db, viewer, "works_request", request.Id, "accepted",
            AuditLog.Says("{0}: quote of {1} accepted ({2})", request.Title, chosen.SupplierName, new AuditLog.Term(Labels.DecidedHow(how))),
            after: new { quote = quoteId, amount = chosen.AmountInclVat, how, reason, fewer_quotes_reason = fewerQuotesReason });
        await TellContractors(db, notifier, request, quotes);
        await notifier.Send(db, (await Syndics.AndBoard(db, request.BuildingId)).Where(u => u != viewer.UserId),
            new Notifier.News("Works decided: {0}", [request.Title], "The quote of {0} is accepted ({1:C} VAT included).", [chosen.SupplierName, chosen.AmountInclVat],
                $"/works/{request.Id}"));
        return true;
    }

    private static async Task TellContractors(Db db, Notifier notifier, WorksData.Request request, IReadOnlyList<WorksData.Quote> quotes)
    {
        var addresses = (await db.Query<(long Id, string? Email, string Name, string Language, long OrganisationId)>(
            "select id, email, name, language, organisation_id from suppliers where id = any(@ids)", new { ids = quotes.Select(q => q.SupplierId).ToArray() }))
            .ToDictionary(s => s.Id);
        foreach (var q in quotes)
        {
            if (addresses[q.SupplierId] is not { Email: { } email } s) continue;
            var news = q.Status == "accepted"
                ? new Notifier.News("Your quote is accepted: {0}", [request.Title], "Your quote for {0} at {1} is accepted. The syndic will send you the work order.", [request.Title, request.BuildingName], null)
                : new Notifier.News("Your quote was not retained: {0}", [request.Title], "Thank you for your quote for {0} at {1}: another one was retained.", [request.Title, request.BuildingName], null);
            await notifier.MailTo(db, new Notifier.Address(email, s.Name, s.Language, s.OrganisationId), news, request.BuildingId, $"quote-decision:{q.Id}");
        }
    }

    /// <summary>
    /// Called when the vote on an agenda item closes: a request put to that item is accepted when the item is adopted
    /// (the proposed quote), else it goes back to the syndic to collect or propose again.
    /// </summary>
    public static async Task AfterVote(Db db, Notifier notifier, Viewer viewer, long agendaItemId, bool adopted)
    {
        var id = await db.QuerySingleOrDefault<long?>("select id from works_requests where agenda_item_id = @agendaItemId and state = 'to_assembly' for update",
            new { agendaItemId });
        if (id is null || await WorksData.Find(db, viewer, id.Value) is not { } request) return;
        if (adopted)
        {
            await Accept(db, notifier, viewer, request, request.ProposedQuoteId!.Value, "assembly", null, request.FewerQuotesReason);
            return;
        }
        await db.Execute("update works_requests set state = 'collecting', agenda_item_id = null, proposed_quote_id = null where id = @id", new { id });
        await AuditLog.Record(db, viewer, "works_request", id, "vote_rejected", AuditLog.Says("{0}: the assembly rejected the works", request.Title));
        await notifier.Send(db, (await Syndics.UserIds(db, request.BuildingId)).Where(u => u != viewer.UserId),
            new Notifier.News("Works rejected: {0}", [request.Title], "The assembly rejected the quote put to its vote: the request collects quotes again.", [], $"/works/{id}"));
    }
}
