using KoproGo.Web.Pages.Energy;
using Microsoft.Extensions.Logging;
using MQTTnet.Diagnostics.Logger;

namespace KoproGo.Tests.Pages.Energy;

/// <summary>MQTTnet's warnings and errors reach the app's log, its message filled in; its chatter does not.</summary>
public class MqttLogTests
{
    private sealed class Captured : ILogger
    {
        public List<(LogLevel Level, string Text, Exception? Error)> Entries { get; } = [];
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
        public bool IsEnabled(LogLevel logLevel) => true;
        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            Entries.Add((logLevel, formatter(state, exception), exception));
    }

    [Fact]
    public void Warnings_and_errors_are_logged_with_their_source_and_parameters()
    {
        var captured = new Captured();
        var log = new MqttLog(captured);
        var failure = new InvalidOperationException("queue closed");
        log.Publish(MqttNetLogLevel.Verbose, "MqttClient", "Sending {0}", ["PUBACK"], null!);
        log.Publish(MqttNetLogLevel.Info, "MqttClient", "Connected", [], null!);
        log.Publish(MqttNetLogLevel.Warning, "MqttClient", "Received {0} for an unknown packet identifier.", ["MqttPubAckPacket"], null!);
        log.Publish(MqttNetLogLevel.Error, "MqttClient", "Error while handling application message", [], failure);

        Assert.Equal(2, captured.Entries.Count);
        Assert.Equal(LogLevel.Warning, captured.Entries[0].Level);
        Assert.Equal("MQTT client (MqttClient): Received MqttPubAckPacket for an unknown packet identifier.", captured.Entries[0].Text);
        Assert.Equal(LogLevel.Error, captured.Entries[1].Level);
        Assert.Same(failure, captured.Entries[1].Error);
        Assert.Contains("Error while handling application message", captured.Entries[1].Text);
    }
}
