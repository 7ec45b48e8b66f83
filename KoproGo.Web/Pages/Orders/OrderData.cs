using KoproGo.Domain.Accounting;
using KoproGo.Domain.Works;
using KoproGo.Web.Infrastructure;

namespace KoproGo.Web.Pages.Orders;

/// <summary>Work orders as the syndic's, the board's and the contractor's pages read them, and a contractor's track record.</summary>
public static class OrderData
{
    /// <summary>SQL condition on an order aliased <c>o</c>: the viewer's organisation, and staff or the building's board.</summary>
    public const string Visible = "o.organisation_id = @OrgId and (@SeesAllBuildings or o.building_id = any(@BoardBuildingIds))";

    public sealed class Order
    {
        public long Id { get; init; }
        public long BuildingId { get; init; }
        public string BuildingName { get; init; } = "";
        public string BuildingAddress { get; init; } = "";
        public string WorksValidatedBy { get; init; } = "syndic";
        public long SupplierId { get; init; }
        public string SupplierName { get; init; } = "";
        public long? QuoteId { get; init; }
        public long? RequestId { get; init; }
        public string Title { get; init; } = "";
        public string Description { get; init; } = "";
        public string Place { get; init; } = "";
        public string SiteContact { get; init; } = "";
        public DateOnly StartOn { get; init; }
        public DateOnly DueOn { get; init; }
        public decimal AmountExclVat { get; init; }
        public decimal VatRate { get; init; }
        public long? KeyId { get; init; }
        public string AccountCode { get; init; } = "";
        public bool Structural { get; init; }
        public int WarrantyYears { get; init; }
        public string State { get; init; } = "";
        public DateTime? AcceptedAt { get; init; }
        public DateTime? StartedAt { get; init; }
        public DateTime? DoneAt { get; init; }
        public string? Report { get; init; }
        public string PartsReplaced { get; init; } = "";
        public decimal? HoursSpent { get; init; }
        public int Corrections { get; init; }
        public string? CorrectionReason { get; init; }
        public DateTime? ValidatedAt { get; init; }
        public string? ValidatedByName { get; init; }
        public int? Rating { get; init; }
        public long? InvoiceId { get; init; }
        public string? InvoiceStatus { get; init; }
        public string? InvoiceReference { get; init; }
        public decimal? InvoiceTotal { get; init; }
        public DateTime? ClosedAt { get; init; }
        public string? CancelReason { get; init; }
        public DateTime CreatedAt { get; init; }

        public decimal AmountInclVat => AmountExclVat + VatRates.On(AmountExclVat, VatRate);
        public bool InvoiceAboveOrder => InvoiceTotal is { } total && WorkOrders.InvoiceAboveOrder(total, AmountInclVat);
        public DateOnly? WarrantyEnds => ValidatedAt is { } v ? DateOnly.FromDateTime(BrusselsTime.FromUtc(v)).AddYears(WarrantyYears) : null;
    }

    private const string Columns = """
        o.id, o.building_id, b.name as building_name, b.street || ', ' || b.postcode || ' ' || b.city as building_address, b.works_validated_by,
        o.supplier_id, s.name as supplier_name, o.quote_id, q.request_id, o.title, o.description, o.place, o.site_contact, o.start_on, o.due_on,
        o.amount_excl_vat, o.vat_rate, o.key_id, o.account_code, o.structural, o.warranty_years, o.state, o.accepted_at, o.started_at, o.done_at,
        o.report, o.parts_replaced, o.hours_spent, o.corrections, o.correction_reason, o.validated_at, vu.display_name as validated_by_name, o.rating,
        o.invoice_id, i.status as invoice_status, i.supplier_reference as invoice_reference,
        (select sum(il.amount_excl_vat + il.vat) from invoice_lines il where il.invoice_id = o.invoice_id) as invoice_total,
        o.closed_at, o.cancel_reason, o.created_at
        """;

    private const string From = """
        work_orders o join buildings b on b.id = o.building_id join suppliers s on s.id = o.supplier_id left join quotes q on q.id = o.quote_id
        left join users vu on vu.id = o.validated_by left join invoices i on i.id = o.invoice_id
        """;

    public static Task<Order?> Find(Db db, Viewer viewer, long id) => db.QuerySingleOrDefault<Order?>(
        $"select {Columns} from {From} where o.id = @id and {Visible}", viewer.Params(new { id }));

    /// <summary>One of the contractor's own orders, in their link's organisation; null for anyone else's.</summary>
    public static Task<Order?> OfContractor(Db db, Contractors.ContractorAccess.Contractor contractor, long id) => db.QuerySingleOrDefault<Order?>(
        $"select {Columns} from {From} where o.id = @id and o.supplier_id = @SupplierId and o.organisation_id = @OrganisationId",
        new { id, contractor.SupplierId, contractor.OrganisationId });

    public static Task<IReadOnlyList<Order>> List(Db db, Viewer viewer, long? building, string? state, int offset, int limit) => db.Query<Order>($"""
        select {Columns} from {From} where {Visible} and (@building::bigint is null or o.building_id = @building) and (@state::text is null or o.state = @state)
        order by o.created_at desc, o.id desc offset @offset limit @limit
        """, viewer.Params(new { building, state, offset, limit }));

    public static Task<long> Count(Db db, Viewer viewer, long? building, string? state) => db.Scalar<long>($"""
        select count(*) from work_orders o where {Visible} and (@building::bigint is null or o.building_id = @building) and (@state::text is null or o.state = @state)
        """, viewer.Params(new { building, state }));

    public static Task<IReadOnlyList<Order>> OfSupplier(Db db, long organisationId, long supplierId) => db.Query<Order>(
        $"select {Columns} from {From} where o.supplier_id = @supplierId and o.organisation_id = @organisationId order by o.created_at desc, o.id desc limit 200",
        new { supplierId, organisationId });

    /// <summary>
    /// Moves an order from the state it was read in (<paramref name="from"/>) to <paramref name="to"/>, setting
    /// <paramref name="set"/> (SQL assignments over <paramref name="values"/>); false, nothing changed, when someone
    /// moved it meanwhile or the database's rule refuses the step.
    /// </summary>
    public static async Task<bool> Move(Db db, long id, string from, string to, string set, Dapper.DynamicParameters values)
    {
        values.Add("OrderId", id);
        values.Add("From", from);
        values.Add("To", to);
        try
        {
            return await db.Execute($"update work_orders set state = @To, {set} where id = @OrderId and state = @From", values) == 1;
        }
        catch (Npgsql.PostgresException e) when (e.ConstraintName == "work_orders_state_transition")
        {
            await db.Rollback();
            return false;
        }
    }

    public static Task<IReadOnlyList<int>> Photos(Db db, long orderId, string moment) => db.Query<int>(
        "select position from work_order_photos where order_id = @orderId and moment = @moment order by position", new { orderId, moment });

    /// <summary>
    /// What a contractor's orders say of them (<see cref="QuoteComparison.History"/>): orders validated so far, those
    /// reported on time, those that needed a correction, and the average rating.
    /// </summary>
    public static async Task<IReadOnlyDictionary<long, QuoteComparison.History>> Histories(Db db, long organisationId, IEnumerable<long> supplierIds) =>
        ReadHistories(await db.Query<HistoryRow>(HistoriesSql("any(@ids)"), new { organisationId, ids = supplierIds.Distinct().ToArray() }));

    public sealed record HistoryRow(long SupplierId, int Orders, int OnTime, int Corrected, decimal? AverageRating);

    /// <summary>SQL: the past orders' record of the firm @organisationId's suppliers whose id is <c>= <paramref name="suppliers"/></c>.</summary>
    public static string HistoriesSql(string suppliers) => $"""
        select o.supplier_id, count(*)::int as orders,
               count(*) filter (where (o.done_at at time zone 'Europe/Brussels')::date <= o.due_on)::int as on_time,
               count(*) filter (where o.corrections > 0)::int as corrected, avg(o.rating)::numeric(4, 2) as average_rating
        from work_orders o
        where o.organisation_id = @organisationId and o.supplier_id = {suppliers} and o.state in ('validated', 'invoiced', 'closed')
        group by o.supplier_id
        """;

    public static IReadOnlyDictionary<long, QuoteComparison.History> ReadHistories(IEnumerable<HistoryRow> rows) =>
        rows.ToDictionary(r => r.SupplierId, r => new QuoteComparison.History(r.Orders, r.OnTime, r.Corrected, r.AverageRating));
}
