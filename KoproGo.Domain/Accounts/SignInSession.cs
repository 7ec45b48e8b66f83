using System.Net;
using System.Net.Sockets;

namespace KoproGo.Domain.Accounts;

/// <summary>Why a sign-in session ended. Stored as the code next to each name (user_sessions.ended_reason).</summary>
public enum SessionEnd { SignedOut, EndedFromAnotherDevice, PasswordChanged, AccountWithdrawn }

/// <summary>
/// A sign-in lives on the server (GDPR art. 32: a stolen or forgotten cookie must be revocable): it is live until it
/// ends (final: PostgreSQL's user_sessions_ended_is_final says the same), until it has not been used for
/// <see cref="IdleTimeout"/>, or at the latest <see cref="MaxLifetime"/> after signing in.
/// </summary>
public static class SignInSession
{
    /// <summary>Unused this long, a session has lapsed: the same as the cookie's sliding expiry.</summary>
    public static readonly TimeSpan IdleTimeout = TimeSpan.FromHours(8);

    /// <summary>However often it is used, a session ends this long after the sign-in that opened it.</summary>
    public static readonly TimeSpan MaxLifetime = TimeSpan.FromDays(14);

    /// <summary>The last-seen time is written at most this often (not at every page: that would be a write per click).</summary>
    public static readonly TimeSpan LastSeenPrecision = TimeSpan.FromMinutes(1);

    public static bool IsLive(DateTimeOffset createdAt, DateTimeOffset lastSeenAt, DateTimeOffset? endedAt, DateTimeOffset now) =>
        endedAt is null && now - lastSeenAt < IdleTimeout && now - createdAt < MaxLifetime;

    /// <summary>The database's code for an ending.</summary>
    public static string Code(SessionEnd end) => end switch
    {
        SessionEnd.SignedOut => "signed_out",
        SessionEnd.EndedFromAnotherDevice => "ended_from_another_device",
        SessionEnd.PasswordChanged => "password_changed",
        SessionEnd.AccountWithdrawn => "account_withdrawn",
        _ => throw new ArgumentOutOfRangeException(nameof(end)),
    };

    /// <summary>
    /// The network a sign-in came from, as shown to its owner: the address with its last part zeroed (an IPv4 /24, an
    /// IPv6 /48). Enough to tell home from office or abroad, without keeping a precise address (GDPR art. 5 §1 c).
    /// </summary>
    public static string NetworkOf(IPAddress? address)
    {
        if (address is null) return "";
        if (address.IsIPv4MappedToIPv6) address = address.MapToIPv4();
        var bytes = address.GetAddressBytes();
        var kept = address.AddressFamily == AddressFamily.InterNetwork ? 3 : 6;
        for (var i = kept; i < bytes.Length; i++) bytes[i] = 0;
        return $"{new IPAddress(bytes)}/{kept * 8}";
    }

    /// <summary>
    /// A browser and system a person recognises ("Firefox · Android") from a User-Agent header; the order of the tests
    /// matters, since Edge and Chrome also say "Safari" and Android also says "Linux".
    /// </summary>
    public static (string? Browser, string? System) DeviceOf(string? userAgent)
    {
        if (string.IsNullOrWhiteSpace(userAgent)) return (null, null);
        string? browser = Contains("Edg/") ? "Edge"
            : Contains("OPR/") || Contains("Opera") ? "Opera"
            : Contains("SamsungBrowser") ? "Samsung Internet"
            : Contains("Firefox/") || Contains("FxiOS") ? "Firefox"
            : Contains("Chrome/") || Contains("CriOS") || Contains("Chromium/") ? "Chrome"
            : Contains("Safari/") ? "Safari"
            : Contains("Trident/") || Contains("MSIE") ? "Internet Explorer"
            : null;
        string? system = Contains("Android") ? "Android"
            : Contains("iPhone") || Contains("iPad") || Contains("iPod") ? "iOS"
            : Contains("Windows") ? "Windows"
            : Contains("Mac OS X") || Contains("Macintosh") ? "macOS"
            : Contains("CrOS") ? "ChromeOS"
            : Contains("Linux") ? "Linux"
            : null;
        return (browser, system);

        bool Contains(string part) => userAgent.Contains(part, StringComparison.OrdinalIgnoreCase);
    }
}
