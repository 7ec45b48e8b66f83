using KoproGo.Domain.Energy;
using KoproGo.Web.Infrastructure;
using System.Globalization;
using Microsoft.Extensions.Localization;
using Npgsql;
using NpgsqlTypes;
using Quartz;

namespace KoproGo.Web.Pages.Energy;

/// <summary>
/// Meter-reading files of sub-metering firms, stored as imports and their lines; the job then stores each line's
/// reading against the register meter of its serial, a thousand lines per transaction so that the import's page shows
/// how far it is. A reading already stored with the same index is left as it is (importing a file again changes
/// nothing); with another index it is replaced and the line keeps the index it replaced (a corrected file). A serial not
/// in the register waits, listed, until the syndic adds its meter.
/// </summary>
public static class MeterImporting
{
    public const string JobKey = "meter-imports";
    /// <summary>A year of monthly readings of a thousand meters is under 1 MB; 5 MB keeps a file and its lines well inside the heap.</summary>
    public const int MaxFileBytes = 5 * 1024 * 1024;
    public const int ChunkLines = 1000;

    /// <summary>A reading read on a day (no hour) is stored at noon, Brussels time: inside that day whatever the clock change.</summary>
    public static readonly TimeOnly ReadAt = new(12, 0);

    /// <summary>Reads a file in its format, a line at a time; a CSV of another layout needs its mapping.</summary>
    public static IEnumerable<MeterFileItem> Read(string format, TextReader text, ColumnMapping? mapping, DateOnly today) => format switch
    {
        MeterFiles.IstaCsv => MeterFiles.ReadIstaCsv(text, today),
        MeterFiles.IstaXml => MeterFiles.ReadIstaXml(text, today),
        _ => MeterFiles.ReadCsv(text, mapping ?? throw new ArgumentNullException(nameof(mapping)), today),
    };

    /// <summary>What a file gave: its readings, its faulty lines, and the first of these for the message.</summary>
    public sealed record FileRead(int Readings, int Faulty, IReadOnlyList<MeterFileError> FirstErrors);

    /// <summary>
    /// Why a file is refused (its first faulty lines, in the reader's language), or null: a file without a single reading
    /// always is; one with faulty lines unless they are to be skipped.
    /// </summary>
    public static (string Key, object[] Args)? Refusal(FileRead file, bool skipFaulty, IStringLocalizer l)
    {
        if (file.Faulty == 0 || (skipFaulty && file.Readings > 0)) return null;
        var shown = string.Join("; ", file.FirstErrors.Select(e =>
            e.Line > 0 ? l["line {0}: {1}", e.Line, l[e.Problem, e.Args].Value].Value : l[e.Problem, e.Args].Value));
        return file.Readings == 0 ? ("Nothing can be imported from this file: {0}.", [shown])
            : ("{0} faulty lines; nothing was imported: {1}. Correct the file, or import it without them.", [file.Faulty, shown]);
    }

    /// <summary>The mapping remembered for a building's provider, if any.</summary>
    public static Task<ColumnMapping?> Mapping(Db db, long buildingId, string provider) => db.QuerySingleOrDefault<ColumnMapping>("""
        select serial_column as serial, date_column as date, value_column as value, kind_column as kind, unit_column as unit, date_format, decimal_comma
        from meter_import_mappings where building_id = @buildingId and provider = @provider
        """, new { buildingId, provider });

    public static Task Remember(Db db, long buildingId, string provider, ColumnMapping m) => db.Execute("""
        insert into meter_import_mappings (building_id, provider, serial_column, date_column, value_column, kind_column, unit_column, date_format, decimal_comma)
        values (@buildingId, @provider, @Serial, @Date, @Value, @Kind, @Unit, @DateFormat, @DecimalComma)
        on conflict (building_id, provider) do update set serial_column = excluded.serial_column, date_column = excluded.date_column,
            value_column = excluded.value_column, kind_column = excluded.kind_column, unit_column = excluded.unit_column,
            date_format = excluded.date_format, decimal_comma = excluded.decimal_comma, updated_at = now()
        """, new { buildingId, provider, m.Serial, m.Date, m.Value, m.Kind, m.Unit, m.DateFormat, m.DecimalComma });

    /// <summary>The import of the same bytes already made for the building, if any.</summary>
    public static Task<long?> Earlier(Db db, long buildingId, string sha256) =>
        db.Scalar<long?>("select id from meter_imports where building_id = @buildingId and sha256 = @sha256 and state = 'imported'", new { buildingId, sha256 });

    /// <summary>A new import: waiting for its columns to be named when its content is given, else imported.</summary>
    public static Task<long> Create(Db db, long organisationId, long buildingId, long? userId, string provider, string format, string fileName,
        string sha256, bool skipFaulty, byte[]? content) => db.Scalar<long>("""
        insert into meter_imports (organisation_id, building_id, provider, format, file_name, sha256, state, content, skip_faulty, imported_by)
        values (@organisationId, @buildingId, @provider, @format, @fileName, @sha256, case when @content is null then 'imported' else 'mapping' end,
                @content, @skipFaulty, @userId)
        returning id
        """, new { organisationId, buildingId, userId, provider, format, fileName, sha256, content, skipFaulty });

    /// <summary>
    /// Records a file's lines on its import (made imported) for the job, as they are read, by binary COPY: a large file
    /// is never held whole. Faulty lines are kept with their problem. The caller rolls back when the file is refused.
    /// </summary>
    public static async Task<FileRead> StoreLines(Db db, long importId, IEnumerable<MeterFileItem> items, CancellationToken cancellationToken = default)
    {
        await db.Execute("update meter_imports set state = 'imported', content = null where id = @importId", new { importId });
        var (readings, faulty, first, position) = (0, 0, new List<MeterFileError>(), 0);
        await using var copy = await (await db.Connection()).BeginBinaryImportAsync(
            "copy meter_import_lines (import_id, position, line_no, serial, kind, read_on, value, problem, problem_args, outcome) from stdin (format binary)", cancellationToken);
        foreach (var item in items)
        {
            if (item.Reading is null && item.Error is null) continue;
            await copy.StartRowAsync(cancellationToken);
            await copy.WriteAsync(importId, NpgsqlDbType.Bigint, cancellationToken);
            await copy.WriteAsync(position++, NpgsqlDbType.Integer, cancellationToken);
            if (item.Reading is { } r)
            {
                readings++;
                await copy.WriteAsync(r.Line, NpgsqlDbType.Integer, cancellationToken);
                await copy.WriteAsync(r.Serial, NpgsqlDbType.Text, cancellationToken);
                await Nullable(copy, r.Kind, NpgsqlDbType.Text, cancellationToken);
                await copy.WriteAsync(r.ReadOn, NpgsqlDbType.Date, cancellationToken);
                await copy.WriteAsync((double)r.Value, NpgsqlDbType.Double, cancellationToken);
                for (var i = 0; i < 3; i++) await copy.WriteNullAsync(cancellationToken); // problem, its args, outcome: waiting for the job
            }
            else
            {
                var e = item.Error!;
                if (faulty++ < 10) first.Add(e);
                await copy.WriteAsync(e.Line, NpgsqlDbType.Integer, cancellationToken);
                for (var i = 0; i < 4; i++) await copy.WriteNullAsync(cancellationToken); // no serial, kind, date or index
                await copy.WriteAsync(e.Problem, NpgsqlDbType.Text, cancellationToken);
                await copy.WriteAsync(e.Args.Select(a => Convert.ToString(a, CultureInfo.InvariantCulture) ?? "").ToArray(), NpgsqlDbType.Array | NpgsqlDbType.Text, cancellationToken);
                await copy.WriteAsync("faulty", NpgsqlDbType.Text, cancellationToken);
            }
        }
        await copy.CompleteAsync(cancellationToken);
        return new(readings, faulty, first);
    }

    private static Task Nullable(NpgsqlBinaryImporter copy, string? value, NpgsqlDbType type, CancellationToken cancellationToken) =>
        value is null ? copy.WriteNullAsync(cancellationToken) : copy.WriteAsync(value, type, cancellationToken);

    public static async Task Start(ISchedulerFactory schedulers) => await (await schedulers.GetScheduler()).TriggerJob(new JobKey(JobKey));

    private sealed record Waiting(long ImportId, int Position, long? SensorId, DateOnly ReadOn, double Value, DateOnly? InstalledOn, DateOnly? RemovedOn,
        DateTime MeasuredAt, double? Stored);

    /// <summary>Stores the next thousand waiting lines of any import in a transaction of their own; false when none waits.</summary>
    public static async Task<bool> ProcessNext(Db db)
    {
        await db.Begin();
        var stored = await Store(db, null);
        await db.Commit();
        return stored > 0;
    }

    /// <summary>Stores every waiting line of one import in the caller's transaction (the demo data).</summary>
    public static async Task StoreAll(Db db, long importId)
    {
        while (await Store(db, importId) > 0) { }
    }

    private static async Task<int> Store(Db db, long? importId)
    {
        var lines = await db.Query<Waiting>("""
            with chunk as (
                select import_id, position from meter_import_lines where outcome is null and (@importId is null or import_id = @importId)
                order by import_id, position limit @ChunkLines for update skip locked
            )
            select l.import_id, l.position, s.id as sensor_id, l.read_on, l.value, s.installed_on, s.removed_on,
                   (l.read_on + @ReadAt) at time zone 'Europe/Brussels' as measured_at, r.value as stored
            from chunk c join meter_import_lines l using (import_id, position) join meter_imports i on i.id = l.import_id
            left join sensors s on s.building_id = i.building_id and s.serial = l.serial
            left join meter_readings r on r.sensor_id = s.id and r.measured_at = (l.read_on + @ReadAt) at time zone 'Europe/Brussels'
            order by l.import_id, l.position
            """, new { ChunkLines, ReadAt, importId });
        if (lines.Count == 0) return 0;
        // lines in file order, each compared with the index as the lines before it left it (a chunk may give the same
        // reading twice: a corrected file's line after the original's)
        var current = new Dictionary<(long, DateTime), double>();
        var outcomes = new string[lines.Count];
        var previous = new double?[lines.Count];
        for (var i = 0; i < lines.Count; i++)
        {
            var line = lines[i];
            var key = (line.SensorId ?? 0, line.MeasuredAt);
            var stored = current.TryGetValue(key, out var value) ? value : line.Stored;
            outcomes[i] = Outcome(line, stored);
            if (outcomes[i] == "replaced") previous[i] = stored;
            if (outcomes[i] is "new" or "replaced") current[key] = line.Value;
        }
        var written = lines.Where((_, i) => outcomes[i] is "new" or "replaced")
            .GroupBy(x => (x.SensorId, x.MeasuredAt)).Select(g => g.Last()).ToList();
        if (written.Count > 0)
        {
            var (sensors, times, values) = (written.Select(x => x.SensorId!.Value).ToArray(), written.Select(x => x.MeasuredAt).ToArray(), written.Select(x => x.Value).ToArray());
            await db.Execute("""
                insert into meter_readings (sensor_id, measured_at, value)
                select * from unnest(@sensors, @times, @values) order by 1, 2
                on conflict (sensor_id, measured_at) do update set value = excluded.value
                """, new { sensors, times, values });
            await db.Execute(Resummarise, new { sensors, times });
        }
        await db.Execute("""
            update meter_import_lines l set outcome = x.outcome, sensor_id = x.sensor_id, previous_value = x.previous
            from unnest(@imports, @positions, @outcomes, @sensors, @previous) as x(import_id, position, outcome, sensor_id, previous)
            where l.import_id = x.import_id and l.position = x.position
            """, new
        {
            imports = lines.Select(x => x.ImportId).ToArray(), positions = lines.Select(x => x.Position).ToArray(), outcomes,
            sensors = lines.Select(x => x.SensorId).ToArray(),
            previous,
        });
        return lines.Count;
    }

    private static string Outcome(Waiting line, double? stored) =>
        line.SensorId is null ? "unknown"
        : line.ReadOn < line.InstalledOn || line.ReadOn > line.RemovedOn ? "out_of_service"
        : stored is null ? "new"
        : stored == line.Value ? "unchanged"
        : "replaced";

    // The summaries of the hours and days a written reading falls in, made again from the readings (a replaced index
    // cannot be taken out of a running minimum). Readings no longer kept are not in them any more: a firm's meter is
    // read once a day at most, so its day holds just what was written.
    private const string Resummarise = """
        with touched as (
            select distinct sensor_id, 'hour' as period, date_trunc('hour', measured_at) as starts_at, date_trunc('hour', measured_at) + interval '1 hour' as ends_at
            from unnest(@sensors, @times) as t(sensor_id, measured_at)
            union
            select distinct sensor_id, 'day', date_trunc('day', measured_at, 'Europe/Brussels'),
                   ((date_trunc('day', measured_at, 'Europe/Brussels') at time zone 'Europe/Brussels') + interval '1 day') at time zone 'Europe/Brussels'
            from unnest(@sensors, @times) as t(sensor_id, measured_at)
        )
        insert into meter_reading_summaries as s (sensor_id, period, starts_at, readings, total, low, high, first_at, first_value, last_at, last_value)
        select t.sensor_id, t.period, t.starts_at, count(*), sum(r.value), min(r.value), max(r.value),
               min(r.measured_at), (array_agg(r.value order by r.measured_at))[1], max(r.measured_at), (array_agg(r.value order by r.measured_at desc))[1]
        from touched t join meter_readings r on r.sensor_id = t.sensor_id and r.measured_at >= t.starts_at and r.measured_at < t.ends_at
        group by t.sensor_id, t.period, t.starts_at
        order by 1, 2, 3
        on conflict (sensor_id, period, starts_at) do update set
            readings = excluded.readings, total = excluded.total, low = excluded.low, high = excluded.high,
            first_at = excluded.first_at, first_value = excluded.first_value, last_at = excluded.last_at, last_value = excluded.last_value
        """;
}

/// <summary>Stores the waiting lines of the imports; started when a file is imported or a meter added to the register.</summary>
public sealed class MeterImportJob(Db db) : IJob
{
    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested && await MeterImporting.ProcessNext(db)) { }
    }
}
