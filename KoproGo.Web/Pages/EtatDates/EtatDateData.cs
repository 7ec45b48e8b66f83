using KoproGo.Domain;
using KoproGo.Domain.Accounting;
using KoproGo.Domain.Sales;
using KoproGo.Web.Infrastructure;
using KoproGo.Web.Pages.Accounting;

namespace KoproGo.Web.Pages.EtatDates;

/// <summary>A notary's request for an état daté, as the syndic's staff may see it.</summary>
public sealed record EtatDate(long Id, long OrganisationId, long BuildingId, string BuildingName, string? Number, string NotaryName, string NotaryFirm,
    string NotaryEmail, string NotaryReference, string Language, DateOnly? DeedPlannedOn, DateOnly ReceivedOn, string State, DateOnly? ReferenceOn,
    long? DocumentId, DateTime? DeliveredAt, DateOnly? ExpiresOn, string? CancelReason, DateOnly? TransferOn, string? BuyerName,
    decimal? Settlement, long? SettlementEntryId)
{
    public DateOnly DueOn => EtatDateRules.DueOn(ReceivedOn);
    public bool Late => EtatDateRules.IsLate(State, ReceivedOn, BrusselsTime.Today);
    public string FileName => $"{Number ?? "etat-date"}.pdf";

    public static readonly string Columns = $"""
        e.id, e.organisation_id, e.building_id, b.name as building_name, e.number, e.notary_name, e.notary_firm, e.notary_email, e.notary_reference,
        e.language, e.deed_planned_on, e.received_on, e.state, e.reference_on, e.document_id, e.delivered_at, e.expires_on, e.cancel_reason,
        e.transfer_on, (select {Labels.PersonNameSql("w")} from owners w where w.id = e.buyer_owner_id) as buyer_name, e.settlement, e.settlement_entry_id
        from etat_dates e join buildings b on b.id = e.building_id
        """;

    /// <summary>The request, if the caller is staff of its organisation (syndic or accountant); null otherwise.</summary>
    public static Task<EtatDate?> Find(Db db, Viewer viewer, long id) => viewer.SeesAllBuildings
        ? db.QuerySingleOrDefault<EtatDate>($"select {Columns} where e.id = @id and {Viewer.VisibleBuilding}", viewer.Params(new { id }))
        : Task.FromResult<EtatDate?>(null);
}

/// <summary>
/// Everything an état daté states for its lots at a reference date, each figure computed from the records it comes
/// from (the journal, the calls, the recovery, the orders, the proceedings, the assemblies): the page shows it with its
/// sources, the PDF for the notary prints the same model.
/// </summary>
public sealed class EtatDateFigures
{
    public sealed record BuildingFacts(long Id, string Name, string Street, string Postcode, string City, string? CompanyNumber, string? Iban,
        int TotalShares, string SyndicName, string SyndicAddress, string SyndicPhone, string SyndicEmail, string? SyndicCompanyNumber, string Language);
    public sealed record Lot(long Id, string Number, string Kind, int Quota);
    public sealed record Holder(long OwnerId, string Name, string Lot, int ShareNumerator, int ShareDenominator, string OwnershipRight);
    public sealed record OwnerArrears(long OwnerId, string Name, decimal Balance, decimal Overdue, string? LastStep, string? PlanReason, DateOnly? PlanUntil)
    {
        public ReminderStep? Step => Codes.TryParse<ReminderStep>(LastStep, out var s) ? s : null;
    }
    public sealed record PendingCall(long CallId, string Title, DateOnly IssuedOn, DateOnly DueDate, decimal Amount);
    /// <summary>An instalment of the approved budget not called yet: payable from the first day of its period.</summary>
    public sealed record Instalment(int Year, int Period, BudgetKind Kind, DateOnly? DecidedOn, DateOnly Starts, decimal Amount);
    public sealed record UnpaidWorks(long OrderId, string Title, string Supplier, string State, decimal Amount, decimal Weight, decimal TotalWeight)
    {
        public decimal LotsShare => EtatDateRules.LotShare(Amount, Weight, TotalWeight);
    }
    public sealed record Proceeding(long Id, string Subject, string Counterparty, DateOnly OpenedOn, decimal AmountAtStake, decimal Costs);
    public sealed record Minutes(long AssemblyId, string Kind, DateTime MeetingAt, long? DocumentId);
    public sealed record Accounts(long YearId, DateOnly StartsOn, DateOnly EndsOn, DateTime ClosedAt, decimal Charges, decimal Income, decimal ReserveAtEnd);
    public sealed record Document(long Id, string Title, DateTime UploadedAt);

    public DateOnly ReferenceOn { get; private init; }
    public BuildingFacts Building { get; private init; } = null!;
    public IReadOnlyList<Lot> Lots { get; private init; } = [];
    public IReadOnlyList<Holder> Holders { get; private init; } = [];
    public int Quota => Lots.Sum(l => l.Quota);
    /// <summary>The building's funds on the reference date: the credit balances of accounts 100 and 101.</summary>
    public decimal WorkingCapitalFund { get; private init; }
    public decimal ReserveFund { get; private init; }
    public decimal WorkingCapitalShare => EtatDateRules.LotShare(WorkingCapitalFund, Quota, Building.TotalShares);
    public decimal ReserveShare => EtatDateRules.LotShare(ReserveFund, Quota, Building.TotalShares);
    /// <summary>The provisions for running charges called for the lots since 1 January, settled in the year's accounts.</summary>
    public decimal ProvisionsCalled { get; private init; }
    public IReadOnlyList<OwnerArrears> Arrears { get; private init; } = [];
    public IReadOnlyList<PendingCall> Pending { get; private init; } = [];
    public IReadOnlyList<Instalment> Instalments { get; private init; } = [];
    public IReadOnlyList<UnpaidWorks> Works { get; private init; } = [];
    public IReadOnlyList<Proceeding> Proceedings { get; private init; } = [];
    public decimal ProceedingsShare => EtatDateRules.LotShare(Proceedings.Sum(p => p.Costs), Quota, Building.TotalShares);
    public IReadOnlyList<Minutes> MinutesList { get; private init; } = [];
    public IReadOnlyList<Accounts> AccountsList { get; private init; } = [];
    public IReadOnlyList<Document> Insurance { get; private init; } = [];
    /// <summary>The request it answers (number, notary) once generated; null on the page before.</summary>
    public EtatDate Request { get; private init; } = null!;

    public static async Task<EtatDateFigures> Load(Db db, EtatDate request, DateOnly referenceOn)
    {
        var args = new { request.Id, request.BuildingId, referenceOn, yearStart = new DateOnly(referenceOn.Year, 1, 1) };
        var lots = await db.Query<Lot>("""
            select l.id, l.number, l.kind, l.quota from etat_date_lots e join lots l on l.id = e.lot_id
            where e.etat_date_id = @Id order by l.number collate natural_sort
            """, args);
        var lotIds = lots.Select(l => l.Id).ToArray();
        var q = new { args.Id, args.BuildingId, args.referenceOn, args.yearStart, lots = lotIds, quota = lots.Sum(l => l.Quota) };
        var holders = await db.Query<Holder>($"""
            select o.owner_id, {Labels.PersonNameSql("w")} as name, l.number as lot, o.share_numerator, o.share_denominator, o.ownership_right
            from lot_ownerships o join owners w on w.id = o.owner_id join lots l on l.id = o.lot_id
            where o.lot_id = any(@lots) and o.valid_from <= @referenceOn and (o.valid_to is null or o.valid_to > @referenceOn)
            order by l.number collate natural_sort, o.ownership_right, o.id
            """, q);
        var funds = await db.QuerySingle<(decimal WorkingCapital, decimal Reserve)>("""
            select coalesce(sum(l.credit - l.debit) filter (where l.account_code = '100'), 0),
                   coalesce(sum(l.credit - l.debit) filter (where l.account_code = '101'), 0)
            from journal_lines l join journal_entries e on e.id = l.entry_id where e.building_id = @BuildingId and e.entry_date <= @referenceOn
            """, q);
        var arrears = new List<OwnerArrears>();
        foreach (var owner in holders.DistinctBy(h => h.OwnerId))
        {
            var overdue = await Pages.Arrears.Recovery.Overdue(db, request.BuildingId, referenceOn, owner.OwnerId);
            var plan = await db.QuerySingleOrDefault<(string Reason, DateOnly Until)?>("""
                select reason, ends_on from recovery_pauses where building_id = @BuildingId and owner_id = @OwnerId and lifted_at is null
                and @referenceOn between starts_on and ends_on
                """, new { request.BuildingId, owner.OwnerId, referenceOn });
            arrears.Add(new OwnerArrears(owner.OwnerId, owner.Name, await db.Scalar<decimal>("""
                select coalesce(sum(l.debit - l.credit), 0) from journal_lines l join journal_entries e on e.id = l.entry_id
                where e.building_id = @BuildingId and l.owner_id = @OwnerId and l.account_code = '410' and e.entry_date <= @referenceOn
                """, new { request.BuildingId, owner.OwnerId, referenceOn }),
                overdue.Sum(i => i.Due), overdue.Select(i => i.LastStep).LastOrDefault(s => s is not null), plan?.Reason, plan?.Until));
        }
        return new EtatDateFigures
        {
            Request = request,
            ReferenceOn = referenceOn,
            Building = await db.QuerySingle<BuildingFacts>("""
                select id, name, street, postcode, city, company_number, iban, total_shares, syndic_name, syndic_address, syndic_phone, syndic_email,
                       syndic_company_number, language from buildings where id = @BuildingId
                """, q),
            Lots = lots,
            Holders = holders,
            WorkingCapitalFund = funds.WorkingCapital,
            ReserveFund = funds.Reserve,
            ProvisionsCalled = await db.Scalar<decimal>("""
                select coalesce(sum(f.amount), 0) from fund_call_lots f join fund_call_items i on i.id = f.item_id join fund_calls k on k.id = i.call_id
                where f.lot_id = any(@lots) and k.building_id = @BuildingId and k.kind = 'working_capital' and k.issued_on between @yearStart and @referenceOn
                """, q),
            Arrears = arrears,
            Pending = [.. await db.Query<PendingCall>("""
                select k.id as call_id, k.title, k.issued_on, k.due_date, sum(f.amount) as amount
                from fund_call_lots f join fund_call_items i on i.id = f.item_id join fund_calls k on k.id = i.call_id
                where f.lot_id = any(@lots) and k.building_id = @BuildingId and k.issued_on <= @referenceOn and k.due_date > @referenceOn
                group by k.id order by k.due_date, k.id
                """, q)],
            Instalments = await BudgetInstalments(db, request.BuildingId, referenceOn, lotIds, q.quota),
            // an order goes on the general key (the quotas) unless it names a distribution key
            Works = await db.Query<UnpaidWorks>("""
                select w.id as order_id, w.title, s.name as supplier, w.state, round(w.amount_excl_vat * (100 + w.vat_rate) / 100, 2) as amount,
                       case when w.key_id is null then @quota else coalesce((select sum(weight) from distribution_key_lots where key_id = w.key_id and lot_id = any(@lots)), 0) end as weight,
                       case when w.key_id is null then b.total_shares else (select sum(weight) from distribution_key_lots where key_id = w.key_id) end as total_weight
                from work_orders w join suppliers s on s.id = w.supplier_id join buildings b on b.id = w.building_id
                left join invoices i on i.id = w.invoice_id
                where w.building_id = @BuildingId and w.state not in ('closed', 'cancelled') and (i.id is null or i.status <> 'paid')
                  and w.created_at < (@referenceOn + 1)::timestamp at time zone 'Europe/Brussels'
                order by w.start_on, w.id
                """, q),
            Proceedings = await db.Query<Proceeding>("""
                select id, subject, counterparty, opened_on, amount_at_stake, costs from proceedings
                where building_id = @BuildingId and opened_on <= @referenceOn and (closed_on is null or closed_on > @referenceOn)
                order by opened_on, id
                """, q),
            MinutesList = await db.Query<Minutes>("""
                select id as assembly_id, kind, meeting_at, minutes_document_id as document_id from assemblies
                where building_id = @BuildingId and status = 'closed' and meeting_at >= (@referenceOn - interval '3 years') and meeting_at < @referenceOn + 1
                order by meeting_at desc
                """, q),
            AccountsList = await db.Query<Accounts>("""
                select y.id as year_id, y.starts_on, y.ends_on, y.closed_at,
                       coalesce(sum(l.debit - l.credit) filter (where l.account_code ~ '^6' and e.entry_date >= y.starts_on), 0) as charges,
                       coalesce(sum(l.credit - l.debit) filter (where l.account_code ~ '^7' and e.entry_date >= y.starts_on), 0) as income,
                       coalesce(sum(l.credit - l.debit) filter (where l.account_code = '101'), 0) as reserve_at_end
                from (select * from financial_years where building_id = @BuildingId and closed_at is not null and ends_on <= @referenceOn
                      order by starts_on desc limit 2) y
                left join journal_entries e on e.building_id = y.building_id and e.entry_date <= y.ends_on
                left join journal_lines l on l.entry_id = e.id
                group by y.id, y.starts_on, y.ends_on, y.closed_at order by y.starts_on desc
                """, q),
            Insurance = await db.Query<Document>("""
                select id, title, uploaded_at from documents where building_id = @BuildingId and category = 'insurance' order by uploaded_at desc limit 3
                """, q),
        };
    }

    /// <summary>
    /// The instalments of the year's approved budget still to be called (periods starting after the date, no call issued
    /// for them): decided by the assembly, payable after the sale. The lots' share of each key's instalment, by its quotas
    /// or its weights in the key; the call, when issued, splits the cents among all lots and may differ by a cent.
    /// </summary>
    private static async Task<IReadOnlyList<Instalment>> BudgetInstalments(Db db, long buildingId, DateOnly referenceOn, long[] lots, int quota)
    {
        var budget = await db.QuerySingleOrDefault<Budgets.BudgetData.Budget>("""
            select id, building_id, year, state, frequency, agenda_item_id, assembly_id, decided_on, null::timestamptz as meeting_at from budgets
            where building_id = @buildingId and year = @year and state = 'approved'
            """, new { buildingId, year = referenceOn.Year });
        if (budget is null) return [];
        var lines = await Budgets.BudgetData.Lines(db, budget.Id, "en");
        var called = (await db.Query<(string Kind, int Period)>("select kind, budget_period from fund_calls where budget_id = @Id and budget_period is not null", budget)).ToHashSet();
        var total = await db.Scalar<int>("select total_shares from buildings where id = @buildingId", new { buildingId });
        var weights = (await db.Query<(long KeyId, decimal Lots, decimal All)>("""
            select w.key_id, coalesce(sum(w.weight) filter (where w.lot_id = any(@lots)), 0), sum(w.weight)
            from distribution_key_lots w join distribution_keys k on k.id = w.key_id where k.building_id = @buildingId group by w.key_id
            """, new { buildingId, lots })).ToDictionary(w => w.KeyId);
        decimal Share(decimal amount, long? keyId) => keyId is long k
            ? weights.TryGetValue(k, out var w) ? EtatDateRules.LotShare(amount, w.Lots, w.All) : 0m
            : EtatDateRules.LotShare(amount, quota, total);
        var frequency = budget.FrequencyValue;
        var pending = new List<Instalment>();
        for (var period = 1; period <= Provisions.PeriodsPerYear(frequency); period++)
        {
            var starts = new DateOnly(budget.Year, Provisions.FirstMonth(frequency, period), 1);
            if (starts <= referenceOn) continue;
            foreach (var (kind, callKind) in new[] { (BudgetKind.Ordinary, "working_capital"), (BudgetKind.Extraordinary, "extraordinary") })
            {
                if (called.Contains((callKind, period))) continue;
                var amount = Budgets.BudgetData.Instalment(lines, kind, frequency, period).Sum(k => Share(k.Amount, k.KeyId));
                if (amount > 0) pending.Add(new Instalment(budget.Year, period, kind, budget.DecidedOn, starts, amount));
            }
        }
        return pending;
    }

    /// <summary>The files the notary receives with the état daté: the minutes of the last three years and the insurance policies.</summary>
    public IEnumerable<long> Attachments => MinutesList.Where(m => m.DocumentId is not null).Select(m => m.DocumentId!.Value).Concat(Insurance.Select(d => d.Id));
}
