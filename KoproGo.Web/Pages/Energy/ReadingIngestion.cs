using System.Threading.Channels;
using Dapper;
using KoproGo.Domain.Energy;
using MQTTnet;
using MQTTnet.Diagnostics.Logger;
using MQTTnet.Protocol;
using Npgsql;
using NpgsqlTypes;

namespace KoproGo.Web.Pages.Energy;

public sealed class MqttOptions
{
    /// <summary>The broker; none set, no ingestion.</summary>
    public string? Host { get; set; }
    public int Port { get; set; } = 1883;
    public string? User { get; set; }
    public string? Password { get; set; }
    /// <summary>Stable per instance: the broker keeps this client's session (and its unacknowledged readings) across restarts.</summary>
    public string ClientId { get; set; } = $"koprogo-{Environment.MachineName}";
    /// <summary>The shared subscription's group: the instances of one installation share the stream, each reading to one.</summary>
    public string Group { get; set; } = "koprogo";
}

/// <summary>
/// MQTTnet's own warnings and errors in the app's log: without it the library drops them, and a message its receive
/// loop failed to hand over (held unacknowledged by the broker until the next connection) would leave no trace.
/// MQTTnet asks a logger only whether it is on, not at which level: each packet's verbose line then costs a small
/// array, dropped here — the price of seeing its errors.
/// </summary>
public sealed class MqttLog(ILogger log) : IMqttNetLogger
{
    public bool IsEnabled => true;

    public void Publish(MqttNetLogLevel level, string source, string message, object[] parameters, Exception exception)
    {
        if (level < MqttNetLogLevel.Warning) return;
        var text = parameters is { Length: > 0 } ? string.Format(System.Globalization.CultureInfo.InvariantCulture, message, parameters) : message;
        log.Log(level == MqttNetLogLevel.Error ? LogLevel.Error : LogLevel.Warning, exception, "MQTT client ({Source}): {Message}", source, text);
    }
}

/// <summary>
/// Ingests the gateways' readings: subscribed with QoS 1 under an MQTT 5 shared subscription and a persistent session,
/// it queues each message in a bounded queue (full, it stops taking messages: the broker holds them), writes them in
/// batches (PostgreSQL's binary COPY, then one insert that skips a reading already stored), and acknowledges each
/// message to the broker only once its batch is committed. A restart of the app or of the broker loses nothing (what
/// was not acknowledged is delivered again) and duplicates nothing (one row per sensor and moment). What cannot be
/// stored (malformed, unknown sensor, out of range) goes to rejected_readings with the reason.
/// </summary>
public sealed class ReadingIngestion(NpgsqlDataSource source, Microsoft.Extensions.Options.IOptions<MqttOptions> options, ILogger<ReadingIngestion> log) : BackgroundService
{
    public const int BatchSize = 3000;
    /// <summary>
    /// As many readings as the broker may have in flight to us (MQTT 5's receive maximum, also Mosquitto's
    /// max_inflight_messages): the queue never fills, so the client never waits on it.
    /// </summary>
    public const int QueueSize = 6_000;
    public static readonly TimeSpan GatherFor = TimeSpan.FromMilliseconds(100);
    private readonly Channel<MqttApplicationMessageReceivedEventArgs> queue =
        Channel.CreateBounded<MqttApplicationMessageReceivedEventArgs>(new BoundedChannelOptions(QueueSize) { FullMode = BoundedChannelFullMode.Wait, SingleReader = true });
    private readonly SensorDirectory sensors = new(source);
    private NpgsqlConnection? connection;
    private long stored;

    /// <summary>Connected to the broker and subscribed to the readings.</summary>
    public bool Subscribed { get; private set; }

    /// <summary>How many readings this instance has stored since it started (others sharing the stream store the rest).</summary>
    public long Stored => Interlocked.Read(ref stored);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var o = options.Value;
        if (string.IsNullOrEmpty(o.Host)) return;
        IMqttClient NewClient()
        {
            var made = new MqttClientFactory(new MqttLog(log)).CreateMqttClient();
            made.ApplicationMessageReceivedAsync += async e =>
            {
                e.AutoAcknowledge = false;
                await queue.Writer.WriteAsync(e, stoppingToken);
                Infrastructure.Metrics.ReadingsQueued = queue.Reader.Count;
            };
            return made;
        }
        var writer = WriteBatches(stoppingToken);
        var connect = new MqttClientOptionsBuilder().WithTcpServer(o.Host, o.Port).WithClientId(o.ClientId)
            .WithProtocolVersion(MQTTnet.Formatter.MqttProtocolVersion.V500)
            .WithCleanStart(false).WithSessionExpiryInterval(24 * 3600)
            // no more unacknowledged readings from the broker than the queue holds (they are acknowledged once stored)
            .WithReceiveMaximum(QueueSize)
            .WithCredentials(o.User, o.Password).WithTimeout(TimeSpan.FromSeconds(10)).Build();
        IMqttClient? client = null;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (client is not { IsConnected: true })
                {
                    Subscribed = false;
                    // a client that lost its connection is not reused (MQTTnet can stay "disconnecting" for good): a new one
                    // resumes the session; what the old one had not acknowledged is delivered again
                    client?.Dispose();
                    client = NewClient();
                    await client.ConnectAsync(connect, stoppingToken);
                    await client.SubscribeAsync(new MqttClientSubscribeOptionsBuilder()
                        .WithTopicFilter(f => f.WithTopic($"$share/{o.Group}/{SensorMessages.TopicRoot}/+/+/+").WithAtLeastOnceQoS()).Build(), stoppingToken);
                    log.LogInformation("Receiving meter readings from {Host}:{Port}", o.Host, o.Port);
                    Subscribed = true;
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                log.LogWarning("The MQTT broker {Host}:{Port} is unreachable: {Error}", o.Host, o.Port, e.Message);
            }
            await Task.Delay(TimeSpan.FromSeconds(1), stoppingToken).ContinueWith(_ => { });
        }
        if (client is { IsConnected: true }) await client.DisconnectAsync();
        await writer;
        client?.Dispose();
    }

    private async Task WriteBatches(CancellationToken stoppingToken)
    {
        var batch = new List<MqttApplicationMessageReceivedEventArgs>(BatchSize);
        try
        {
            while (await queue.Reader.WaitToReadAsync(stoppingToken))
            {
                var taken = System.Diagnostics.Stopwatch.GetTimestamp();
                await Gather(batch, stoppingToken);
                Infrastructure.Metrics.ReadingsQueued = queue.Reader.Count;
                for (var attempt = 1; ; attempt++)
                {
                    try
                    {
                        await Store(batch, stoppingToken);
                        break;
                    }
                    catch (NpgsqlException e) when (!stoppingToken.IsCancellationRequested)
                    {
                        if (connection is not null) await connection.DisposeAsync();
                        connection = null;
                        // kept and tried again: unacknowledged, the readings are safe with the broker meanwhile
                        log.LogWarning("Meter readings not stored (attempt {Attempt}): {Error}", attempt, e.Message);
                        await Task.Delay(TimeSpan.FromSeconds(Math.Min(30, attempt)), stoppingToken);
                    }
                }
                Infrastructure.Metrics.ReadingsLag.Record(System.Diagnostics.Stopwatch.GetElapsedTime(taken).TotalSeconds);
                foreach (var message in batch)
                {
                    try
                    {
                        await message.AcknowledgeAsync(stoppingToken);
                    }
                    catch (Exception e) when (e is not OperationCanceledException)
                    {
                        // the connection dropped since: the broker delivers it again, and it is stored once
                        log.LogDebug("A reading's acknowledgement was not sent: {Error}", e.Message);
                    }
                }
                batch.Clear();
            }
        }
        catch (OperationCanceledException) { }
        finally
        {
            if (connection is not null) await connection.DisposeAsync();
        }
    }

    /// <summary>
    /// Takes readings from the queue until the batch is full or <see cref="GatherFor"/> has passed since the first: a
    /// batch's cost is mostly per statement and per sensor summarised, so fuller batches keep up with more readings.
    /// </summary>
    private async Task Gather(List<MqttApplicationMessageReceivedEventArgs> batch, CancellationToken stoppingToken)
    {
        var until = DateTime.UtcNow + GatherFor;
        while (true)
        {
            while (batch.Count < BatchSize && queue.Reader.TryRead(out var message)) batch.Add(message);
            var left = until - DateTime.UtcNow;
            if (batch.Count >= BatchSize || left <= TimeSpan.Zero) return;
            using var wait = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
            wait.CancelAfter(left);
            try
            {
                if (!await queue.Reader.WaitToReadAsync(wait.Token)) return;
            }
            catch (OperationCanceledException) when (!stoppingToken.IsCancellationRequested)
            {
                return;
            }
        }
    }

    /// <summary>
    /// Stores readings in the caller's transaction (binary COPY into a temporary table, then one statement that skips
    /// what is already stored and adds the rest to their hours' and days' summaries): the ingestion's batches, the
    /// demo's history and the imports all write readings this way.
    /// </summary>
    public static async Task Write(NpgsqlConnection conn, NpgsqlTransaction tx, IReadOnlyCollection<(long Sensor, DateTime At, double Value)> readings,
        CancellationToken cancellationToken = default)
    {
        if (readings.Count == 0) return;
        await conn.ExecuteAsync("create temporary table if not exists incoming_readings (sensor_id bigint, measured_at timestamptz, value double precision) on commit delete rows", transaction: tx);
        await using (var copy = await conn.BeginBinaryImportAsync("copy incoming_readings (sensor_id, measured_at, value) from stdin (format binary)", cancellationToken))
        {
            foreach (var (sensor, at, value) in readings)
            {
                await copy.StartRowAsync(cancellationToken);
                await copy.WriteAsync(sensor, NpgsqlDbType.Bigint, cancellationToken);
                await copy.WriteAsync(at, NpgsqlDbType.TimestampTz, cancellationToken);
                await copy.WriteAsync(value, NpgsqlDbType.Double, cancellationToken);
            }
            await copy.CompleteAsync(cancellationToken);
        }
        await conn.ExecuteAsync(StoreAndSummarise, transaction: tx);
        await conn.ExecuteAsync("delete from incoming_readings", transaction: tx); // a second call in the transaction starts empty
    }

    // The readings not stored yet, and their hours' and days' summaries updated with just those (a reading delivered
    // again is not counted again). Rows are taken in key order, so that two instances' batches lock them in one order.
    private const string StoreAndSummarise = """
        with stored as (
            insert into meter_readings (sensor_id, measured_at, value)
            select distinct on (sensor_id, measured_at) sensor_id, measured_at, value from incoming_readings
            on conflict do nothing
            returning sensor_id, measured_at, value
        ), bucketed as (
            select sensor_id, 'hour' as period, date_trunc('hour', measured_at) as starts_at, measured_at, value from stored
            union all
            select sensor_id, 'day', date_trunc('day', measured_at, 'Europe/Brussels'), measured_at, value from stored
        )
        insert into meter_reading_summaries as s (sensor_id, period, starts_at, readings, total, low, high, first_at, first_value, last_at, last_value)
        select sensor_id, period, starts_at, count(*), sum(value), min(value), max(value),
               min(measured_at), (array_agg(value order by measured_at))[1], max(measured_at), (array_agg(value order by measured_at desc))[1]
        from bucketed group by sensor_id, period, starts_at
        order by sensor_id, period, starts_at
        on conflict (sensor_id, period, starts_at) do update set
            readings = s.readings + excluded.readings, total = s.total + excluded.total,
            low = least(s.low, excluded.low), high = greatest(s.high, excluded.high),
            first_at = least(s.first_at, excluded.first_at),
            first_value = case when excluded.first_at < s.first_at then excluded.first_value else s.first_value end,
            last_at = greatest(s.last_at, excluded.last_at),
            last_value = case when excluded.last_at > s.last_at then excluded.last_value else s.last_value end
        """;

    private sealed record Rejection(string? BuildingKey, string Topic, string Payload, string Reason);

    private async Task Store(List<MqttApplicationMessageReceivedEventArgs> batch, CancellationToken cancellationToken)
    {
        var arrival = DateTimeOffset.UtcNow;
        var readings = new List<(long Sensor, DateTime At, double Value)>(batch.Count);
        var rejections = new List<Rejection>();
        foreach (var e in batch)
        {
            var topic = e.ApplicationMessage.Topic;
            var payload = e.ApplicationMessage.ConvertPayloadToString();
            var parsed = SensorMessages.Parse(topic, payload, arrival);
            var sensor = parsed.Reading is { } r ? await sensors.Find(r.BuildingKey, r.Kind, r.SensorKey) : null;
            var refusal = parsed.Refusal ?? (sensor is null ? "unknown sensor" : SensorMessages.OutOfRange(parsed.Reading!.Value, sensor.MinValue, sensor.MaxValue));
            if (refusal is not null) rejections.Add(new(SensorMessages.BuildingKeyOf(topic), topic, payload, refusal));
            else readings.Add((sensor!.Id, parsed.Reading!.MeasuredAt.UtcDateTime, parsed.Reading.Value));
        }
        // one connection kept for the ingestion: its temporary table is made once, not at each batch
        if (connection is { State: not System.Data.ConnectionState.Open })
        {
            // broken by a restart of the database: a new one
            await connection.DisposeAsync();
            connection = null;
        }
        connection ??= await source.OpenConnectionAsync(cancellationToken);
        var conn = connection;
        await using var tx = await conn.BeginTransactionAsync(cancellationToken);
        await Write(conn, tx, readings, cancellationToken);
        // one statement for the batch's refusals, each with the building its topic names (when there is one)
        if (rejections.Count > 0)
            await conn.ExecuteAsync("""
                insert into rejected_readings (building_id, topic, payload, reason)
                select b.id, r.topic, left(r.payload, 1000), r.reason
                from unnest(@keys, @topics, @payloads, @reasons) with ordinality as r(building_key, topic, payload, reason, n)
                left join buildings b on b.slug = r.building_key
                order by r.n
                """, new
            {
                keys = rejections.Select(r => r.BuildingKey).ToArray(), topics = rejections.Select(r => r.Topic).ToArray(),
                payloads = rejections.Select(r => r.Payload).ToArray(), reasons = rejections.Select(r => r.Reason).ToArray(),
            }, tx);
        await tx.CommitAsync(cancellationToken);
        Infrastructure.Metrics.ReadingsStored.Add(readings.Count);
        Interlocked.Add(ref stored, readings.Count);
        Infrastructure.Metrics.ReadingsRejected.Add(rejections.Count);
    }

    /// <summary>The sensors by building slug, kind and key, read once and again when a reading names one not known yet.</summary>
    private sealed class SensorDirectory(NpgsqlDataSource source)
    {
        public sealed record Sensor(long Id, string Slug, string Kind, string Key, double? MinValue, double? MaxValue);

        private Dictionary<(string, string, string), Sensor> known = [];
        private DateTime readAt = DateTime.MinValue;

        public async Task<Sensor?> Find(string slug, string kind, string key)
        {
            if (known.TryGetValue((slug, kind, key), out var sensor)) return sensor;
            // a sensor added since: read again, at most once a second
            if (DateTime.UtcNow - readAt < TimeSpan.FromSeconds(1)) return null;
            await using var conn = await source.OpenConnectionAsync();
            known = (await conn.QueryAsync<Sensor>("""
                select s.id, b.slug, s.kind, s.key, s.min_value, s.max_value from sensors s join buildings b on b.id = s.building_id
                """)).ToDictionary(s => (s.Slug, s.Kind, s.Key));
            readAt = DateTime.UtcNow;
            return known.GetValueOrDefault((slug, kind, key));
        }
    }
}
