using System.Globalization;
using System.Text.Json;

namespace KoproGo.Domain.Energy;

/// <summary>What a building's sensor measures, and in which unit.</summary>
public static class SensorKinds
{
    public static readonly IReadOnlyDictionary<string, string> Units = new Dictionary<string, string>
    {
        ["cold_water"] = "m3",
        ["hot_water"] = "m3",
        ["gas"] = "m3",
        ["electricity"] = "kWh",
        ["heat"] = "kWh",
        ["heat_cost_allocator"] = "units",
        ["cogeneration"] = "kWh",
        ["temperature"] = "°C",
    };

    public static bool IsKind(string? kind) => kind is not null && Units.ContainsKey(kind);
}

/// <summary>A reading as a gateway publishes it: the sensor it names, its value, when it was measured.</summary>
public sealed record SensorReading(string BuildingKey, string Kind, string SensorKey, double Value, DateTimeOffset MeasuredAt);

/// <summary>
/// The MQTT messages of the buildings' gateways. Topic <c>koprogo/{building-key}/{kind}/{sensor-key}</c>; payload
/// either a plain number (<c>12.5</c>, a point as decimal separator: measured on arrival) or a JSON object
/// <c>{"value": 12.5, "at": "2026-12-01T10:00:00+01:00"}</c> whose <c>at</c> (ISO 8601 with its offset, or Unix
/// seconds) is when it was measured, arrival when absent. Anything else is refused with the reason, never guessed.
/// </summary>
public static class SensorMessages
{
    public const string TopicRoot = "koprogo";

    public sealed record Outcome(SensorReading? Reading, string? Refusal);

    /// <summary>The building a topic names (its second level under koprogo/), even when the rest is wrong; null otherwise.</summary>
    public static string? BuildingKeyOf(string topic) =>
        topic.Split('/') is [TopicRoot, var key, ..] && key.Length > 0 ? key : null;

    public static Outcome Parse(string topic, string payload, DateTimeOffset arrival)
    {
        var parts = topic.Split('/');
        if (parts.Length != 4 || parts[0] != TopicRoot || parts[1].Length == 0 || parts[3].Length == 0)
            return new(null, "topic is not koprogo/{building}/{kind}/{sensor}");
        if (!SensorKinds.IsKind(parts[2])) return new(null, $"unknown kind \"{parts[2]}\"");
        var text = payload.Trim();
        if (text.StartsWith('{'))
        {
            try
            {
                using var json = JsonDocument.Parse(text);
                if (!json.RootElement.TryGetProperty("value", out var value) || value.ValueKind != JsonValueKind.Number)
                    return new(null, "JSON without a numeric \"value\"");
                var at = arrival;
                if (json.RootElement.TryGetProperty("at", out var when))
                {
                    if (when.ValueKind == JsonValueKind.Number && when.TryGetInt64(out var seconds) && seconds > 0)
                        at = DateTimeOffset.FromUnixTimeSeconds(seconds);
                    else if (when.ValueKind != JsonValueKind.String || !HasOffset(when.GetString()!)
                             || !DateTimeOffset.TryParseExact(when.GetString(), ["yyyy-MM-ddTHH:mm:ssK", "yyyy-MM-ddTHH:mm:ss.FFFFFFFK"], CultureInfo.InvariantCulture, DateTimeStyles.None, out at))
                        return new(null, "\"at\" is neither an ISO 8601 time with its offset nor Unix seconds");
                }
                return Checked(parts, value.GetDouble(), at, arrival);
            }
            catch (JsonException)
            {
                return new(null, "malformed JSON");
            }
        }
        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var plain)
            ? Checked(parts, plain, arrival, arrival)
            : new(null, "not a number");
    }

    // a time without its offset (Z, +01:00) could be any of two or three moments: not guessed
    private static bool HasOffset(string text) => text.EndsWith('Z') || (text.Length > 6 && text[^6] is '+' or '-' && text[^3] == ':');

    /// <summary>A reading from the future (beyond a clock's drift) is refused: it would stand in front of every later one.</summary>
    public static readonly TimeSpan MaxClockAhead = TimeSpan.FromMinutes(5);

    private static Outcome Checked(string[] parts, double value, DateTimeOffset at, DateTimeOffset arrival) =>
        !double.IsFinite(value) ? new(null, "not a finite number")
        : at > arrival + MaxClockAhead ? new(null, "measured in the future")
        : new(new SensorReading(parts[1], parts[2], parts[3], value, at), null);

    /// <summary>Outside the sensor's plausible range (when it has one): refused with the range.</summary>
    public static string? OutOfRange(double value, double? min, double? max) =>
        (min is not null && value < min) || (max is not null && value > max)
            ? string.Create(CultureInfo.InvariantCulture, $"out of range ({min?.ToString() ?? "…"} to {max?.ToString() ?? "…"})")
            : null;
}

/// <summary>
/// How long raw readings are kept: a building's number of whole months before the current one (13 by default: this
/// month last year stays comparable), then dropped a month at a time.
/// </summary>
public static class ReadingRetention
{
    public const int DefaultMonths = 13;

    /// <summary>The first day whose readings are kept on <paramref name="today"/>.</summary>
    public static DateOnly KeptFrom(DateOnly today, int months) => new DateOnly(today.Year, today.Month, 1).AddMonths(-months);
}
