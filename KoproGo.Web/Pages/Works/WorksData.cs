using KoproGo.Domain.Accounting;
using KoproGo.Domain.Works;
using KoproGo.Web.Infrastructure;

namespace KoproGo.Web.Pages.Works;

/// <summary>Works requests, their quotes and the comparison, as the syndic's, the board's and the contractor's pages read them.</summary>
public static class WorksData
{
    /// <summary>SQL condition on a request aliased <c>w</c>: the viewer's organisation, and staff or the building's board.</summary>
    public const string Visible = "w.organisation_id = @OrgId and (@SeesAllBuildings or w.building_id = any(@BoardBuildingIds))";

    public sealed class Request
    {
        public long Id { get; init; }
        public long OrganisationId { get; init; }
        public long BuildingId { get; init; }
        public string BuildingName { get; init; } = "";
        public string BuildingLanguage { get; init; } = "fr";
        public int? ConstructionYear { get; init; }
        public decimal TenderThreshold { get; init; }
        public decimal WorksDelegatedAmount { get; init; }
        public string WorksDelegatedTo { get; init; } = "syndic";
        public long? ProblemReportId { get; init; }
        public string? ProblemTitle { get; init; }
        public string Title { get; init; } = "";
        public string Description { get; init; } = "";
        public decimal Estimate { get; init; }
        public DateOnly AnswerBy { get; init; }
        public string State { get; init; } = "";
        public long? AgendaItemId { get; init; }
        public long? AssemblyId { get; init; }
        public long? ProposedQuoteId { get; init; }
        public long? AcceptedQuoteId { get; init; }
        public string? DecidedHow { get; init; }
        public string? DecisionReason { get; init; }
        public string? FewerQuotesReason { get; init; }
        public DateTime? DecidedAt { get; init; }
        public string? DecidedByName { get; init; }
        public string? CancelReason { get; init; }
        public DateTime CreatedAt { get; init; }
        public long Quotes { get; init; }
        public long? OrderId { get; init; }

        public bool? ReducedVatMayApply => WorksRequests.ReducedVatMayApply(ConstructionYear, BrusselsTime.Today);
    }

    private const string RequestColumns = """
        w.id, w.organisation_id, w.building_id, b.name as building_name, b.language as building_language, b.construction_year, b.tender_threshold,
        b.works_delegated_amount, b.works_delegated_to, w.problem_report_id, r.title as problem_title, w.title, w.description, w.estimate,
        w.answer_by, w.state, w.agenda_item_id, ai.assembly_id, w.proposed_quote_id, w.accepted_quote_id, w.decided_how, w.decision_reason,
        w.fewer_quotes_reason, w.decided_at, du.display_name as decided_by_name, w.cancel_reason, w.created_at,
        (select count(*) from quotes q where q.request_id = w.id) as quotes,
        (select o.id from work_orders o where o.quote_id = w.accepted_quote_id) as order_id
        """;

    private const string RequestFrom = """
        works_requests w join buildings b on b.id = w.building_id left join problem_reports r on r.id = w.problem_report_id
        left join agenda_items ai on ai.id = w.agenda_item_id left join users du on du.id = w.decided_by
        """;

    public static Task<Request?> Find(Db db, Viewer viewer, long id) => db.QuerySingleOrDefault<Request?>(
        $"select {RequestColumns} from {RequestFrom} where w.id = @id and {Visible}", viewer.Params(new { id }));

    /// <summary>The requests the viewer may see, newest first, optionally of one building and state.</summary>
    public static Task<IReadOnlyList<Request>> List(Db db, Viewer viewer, long? building, string? state, int offset, int limit) => db.Query<Request>($"""
        select {RequestColumns} from {RequestFrom}
        where {Visible} and (@building::bigint is null or w.building_id = @building) and (@state::text is null or w.state = @state)
        order by w.created_at desc, w.id desc offset @offset limit @limit
        """, viewer.Params(new { building, state, offset, limit }));

    public sealed class Quote
    {
        public long Id { get; init; }
        public long RequestId { get; init; }
        public long SupplierId { get; init; }
        public string SupplierName { get; init; } = "";
        public string? Trade { get; init; }
        public decimal AmountExclVat { get; init; }
        public decimal VatRate { get; init; }
        public int DurationDays { get; init; }
        public DateOnly StartOn { get; init; }
        public int WarrantyYears { get; init; }
        public DateOnly ValidUntil { get; init; }
        public string Notes { get; init; } = "";
        public long? DocumentId { get; init; }
        public string Status { get; init; } = "";
        public bool ByLink { get; init; }
        public DateTime ReceivedAt { get; init; }

        public decimal Vat => VatRates.On(AmountExclVat, VatRate);
        public decimal AmountInclVat => AmountExclVat + Vat;
        public bool Expired => ValidUntil < BrusselsTime.Today;
    }

    /// <summary>SQL: the quotes of the request @requestId, by contractor.</summary>
    public const string QuotesSql = """
        select q.id, q.request_id, q.supplier_id, s.name as supplier_name, s.trade, q.amount_excl_vat, q.vat_rate, q.duration_days, q.start_on,
               q.warranty_years, q.valid_until, q.notes, q.document_id, q.status, q.link_id is not null as by_link, q.received_at
        from quotes q join suppliers s on s.id = q.supplier_id where q.request_id = @requestId order by s.name, q.id
        """;

    public static Task<IReadOnlyList<Quote>> Quotes(Db db, long requestId) => db.Query<Quote>(QuotesSql, new { requestId });

    /// <summary>A quote and its score, a line of the comparison table.</summary>
    public sealed record Line(Quote Quote, QuoteComparison.Score Score);

    public static readonly IReadOnlyList<string> SortKeys = ["score", "contractor", "price", "duration", "warranty", "record"];

    /// <summary>The comparison: each quote with its score, the contractors' track record from their past orders.</summary>
    public static IReadOnlyList<Line> Compare(IReadOnlyList<Quote> quotes, string? sort, IReadOnlyDictionary<long, QuoteComparison.History> histories)
    {
        var none = new QuoteComparison.History(0, 0, 0, null);
        var scores = QuoteComparison.Scores([.. quotes.Select(q => new QuoteComparison.Offer(q.Id, q.AmountInclVat, q.DurationDays, q.WarrantyYears,
            QuoteComparison.TrackRecord(histories.GetValueOrDefault(q.SupplierId, none))))]).ToDictionary(s => s.Id);
        var lines = quotes.Select(q => new Line(q, scores[q.Id]));
        return [.. sort switch
        {
            "contractor" => lines.OrderBy(l => l.Quote.SupplierName, StringComparer.CurrentCultureIgnoreCase),
            "price" => lines.OrderBy(l => l.Quote.AmountInclVat),
            "duration" => lines.OrderBy(l => l.Quote.DurationDays),
            "warranty" => lines.OrderByDescending(l => l.Quote.WarrantyYears),
            "record" => lines.OrderByDescending(l => l.Score.Record),
            _ => lines.OrderByDescending(l => l.Score.Total),
        }];
    }

    public sealed record Invited(long SupplierId, string Name, string? Email, string Language, DateTime InvitedAt, DateTime? LinkExpiresAt, bool Answered);

    /// <summary>SQL: the contractors invited to quote for the request @requestId, whether they answered, their link's expiry.</summary>
    public const string InvitationsSql = """
        select s.id as supplier_id, s.name, s.email, s.language, i.invited_at,
               (select max(l.expires_at) from contractor_links l where l.supplier_id = s.id and l.revoked_at is null) as link_expires_at,
               exists (select 1 from quotes q where q.request_id = i.request_id and q.supplier_id = s.id) as answered
        from works_request_invitations i join suppliers s on s.id = i.supplier_id where i.request_id = @requestId order by s.name
        """;

    /// <summary>
    /// SQL condition on a decision aliased <c>d</c> joined to its agenda item <c>i</c> and assembly <c>a</c>
    /// (<see cref="KoproGo.Domain.Works.WorksFollowUp.QuotesLate"/>): works the assembly decided still wait for a request
    /// for quotes more than 30 days after the meeting.
    /// </summary>
    public const string QuotesLateSql = """
        i.decision_kind = 'common_parts_works' and d.status in ('pending', 'in_progress')
        and @today - (a.meeting_at at time zone 'Europe/Brussels')::date > @quotesWithin
        and not exists (select 1 from works_requests w where w.decision_id = d.id or w.agenda_item_id = d.agenda_item_id)
        """;

    /// <summary>
    /// SQL condition on a request aliased <c>w</c> (<see cref="KoproGo.Domain.Works.WorksFollowUp.StartLate"/>): voted by
    /// the assembly more than 60 days ago, and its contractor has not started.
    /// </summary>
    public const string StartLateSql = """
        w.decided_how = 'assembly' and @today - (w.decided_at at time zone 'Europe/Brussels')::date > @startWithin
        and not exists (select 1 from work_orders o where o.quote_id = w.accepted_quote_id and o.state not in ('sent', 'accepted', 'cancelled'))
        """;

    /// <summary>The parameters of <see cref="QuotesLateSql"/> and <see cref="StartLateSql"/>.</summary>
    public static object FollowUpParams => new
    {
        today = BrusselsTime.Today, quotesWithin = KoproGo.Domain.Works.WorksFollowUp.QuotesWithinDays, startWithin = KoproGo.Domain.Works.WorksFollowUp.StartWithinDays,
    };

    public sealed record Contractor(long Id, string Name, string? Trade, string? Email);

    /// <summary>SQL: the firm's (@OrgId) suppliers that take works, by name.</summary>
    public const string ContractorsSql = "select id, name, trade, email from suppliers where organisation_id = @OrgId and trade is not null order by name";

    /// <summary>The organisation's contractors: its suppliers with a trade.</summary>
    public static Task<IReadOnlyList<Contractor>> Contractors(Db db, Viewer viewer) => db.Query<Contractor>(ContractorsSql, viewer.Params());
}
