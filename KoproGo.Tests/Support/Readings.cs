using KoproGo.Web.Pages.Energy;

namespace KoproGo.Tests.Support;

/// <summary>Sensors at Les Tilleuls and their readings, stored as the ingestion stores them (with their summaries).</summary>
public static class Readings
{
    public static Task<long> Sensor(App app, string kind, string key, long? lotId = null) => Db.Scalar<long>(app.DataSource, """
        insert into sensors (organisation_id, building_id, lot_id, kind, key, name, unit)
        select organisation_id, id, @lotId, @kind, @key, 'Sensor ' || @key, @unit from buildings where slug = 'residence-les-tilleuls' returning id
        """, new { kind, key, lotId, unit = KoproGo.Domain.Energy.SensorKinds.Units[kind] });

    public static async Task Store(App app, IReadOnlyCollection<(long Sensor, DateTime At, double Value)> readings)
    {
        await using var conn = await app.DataSource.OpenConnectionAsync();
        await using var tx = await conn.BeginTransactionAsync();
        await ReadingIngestion.Write(conn, tx, readings);
        await tx.CommitAsync();
    }
}
