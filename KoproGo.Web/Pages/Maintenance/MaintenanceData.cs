using KoproGo.Domain.Works;
using KoproGo.Web.Infrastructure;

namespace KoproGo.Web.Pages.Maintenance;

/// <summary>The maintenance log as the pages and the warnings job read it.</summary>
public static class MaintenanceData
{
    public sealed class Equipment
    {
        public long Id { get; init; }
        public long BuildingId { get; init; }
        public string BuildingName { get; init; } = "";
        public string Kind { get; init; } = "";
        public string Name { get; init; } = "";
        public string Make { get; init; } = "";
        public string Model { get; init; } = "";
        public DateOnly? InstalledOn { get; init; }
        public string ContractHolder { get; init; } = "";
        public int? InspectionMonths { get; init; }
        public string InspectionBody { get; init; } = "";
        public DateOnly? LastDone { get; init; }
        public string? LastResult { get; init; }

        public DateOnly? NextDue => Inspections.NextDue(LastDone, InstalledOn, InspectionMonths);

        public InspectionWarning? WarningToday => NextDue is { } due ? Inspections.WarningOn(due, BrusselsTime.Today) : null;
    }

    /// <summary>
    /// SQL condition on equipment aliased <c>e</c>: its next inspection (<see cref="Inspections.NextDue"/>) is past. PostgreSQL
    /// adds months as DateOnly.AddMonths does, a month's end kept within the shorter month.
    /// </summary>
    public const string OverdueSql = """
        e.inspection_months is not null
        and coalesce((select max(i.done_on) from inspections i where i.equipment_id = e.id), e.installed_on)
            + make_interval(months => e.inspection_months) < current_date
        """;

    public const string Columns = """
        e.id, e.building_id, b.name as building_name, e.kind, e.name, e.make, e.model, e.installed_on, e.contract_holder, e.inspection_months,
        e.inspection_body, last.done_on as last_done, last.result as last_result
        """;

    public const string From = """
        equipment e join buildings b on b.id = e.building_id
        left join lateral (select i.done_on, i.result from inspections i where i.equipment_id = e.id order by i.done_on desc, i.id desc limit 1) last on true
        """;

    /// <summary>The building's equipment, if the viewer may read the building (staff, or its board).</summary>
    public static Task<IReadOnlyList<Equipment>> OfBuilding(Db db, Viewer viewer, long buildingId) => db.Query<Equipment>(
        $"select {Columns} from {From} where e.building_id = @buildingId and {Viewer.VisibleBuilding} order by e.name collate natural_sort, e.id",
        viewer.Params(new { buildingId }));

    public static Task<Equipment?> Find(Db db, Viewer viewer, long id) => db.QuerySingleOrDefault<Equipment?>(
        $"select {Columns} from {From} where e.id = @id and {Viewer.VisibleBuilding}", viewer.Params(new { id }));

    public sealed record Building(long Id, string Name, string Language);

    public static Task<Building?> VisibleBuilding(Db db, Viewer viewer, long id) => db.QuerySingleOrDefault<Building?>(
        $"select b.id, b.name, b.language from buildings b where b.id = @id and {Viewer.VisibleBuilding}", viewer.Params(new { id }));

    public sealed record Done(string EquipmentName, DateOnly DoneOn, string Body, string Result, string Notes);

    /// <summary>Every inspection of the building's equipment, by equipment then newest first (the log's history).</summary>
    public static Task<IReadOnlyList<Done>> InspectionsOfBuilding(Db db, long buildingId) => db.Query<Done>("""
        select e.name as equipment_name, i.done_on, i.body, i.result, i.notes from inspections i join equipment e on e.id = i.equipment_id
        where e.building_id = @buildingId order by e.name collate natural_sort, e.id, i.done_on desc, i.id desc
        """, new { buildingId });

    /// <summary>Works carried out by a work order and validated, with the warranty the log keeps (KoproGo.Domain.Works.WorkOrders.WarrantyYears).</summary>
    public sealed record WorksDone(long OrderId, string Title, string Contractor, DateOnly ValidatedOn, int WarrantyYears, bool Structural)
    {
        public DateOnly WarrantyEnds => ValidatedOn.AddYears(WarrantyYears);
        public bool WarrantyEndsSoon => WarrantyEnds >= BrusselsTime.Today && WarrantyEnds <= BrusselsTime.Today.AddDays(WorkOrders.WarrantyWarningDays);
    }

    /// <summary>The works validated in the building, newest first: the log's record of them, with their warranties.</summary>
    public static Task<IReadOnlyList<WorksDone>> WorksOfBuilding(Db db, long buildingId) => db.Query<WorksDone>("""
        select o.id as order_id, o.title, s.name as contractor, (o.validated_at at time zone 'Europe/Brussels')::date as validated_on, o.warranty_years, o.structural
        from work_orders o join suppliers s on s.id = o.supplier_id
        where o.building_id = @buildingId and o.state in ('validated', 'invoiced', 'closed')
        order by o.validated_at desc, o.id desc
        """, new { buildingId });

    /// <summary>The log as the PDF prints it: the equipment and their inspections, the works and their warranties.</summary>
    public sealed record Log(Building Building, IReadOnlyList<Equipment> Items, IReadOnlyList<Done> Inspections, IReadOnlyList<WorksDone> Works);
}
