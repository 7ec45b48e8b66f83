namespace KoproGo.Web.Infrastructure.Mail;

/// <summary>KoproGo:Mail in the configuration.</summary>
public sealed class MailOptions
{
    public string Host { get; set; } = "127.0.0.1";
    public int Port { get; set; } = 25;
    /// <summary>STARTTLS before authenticating (usually port 587).</summary>
    public bool EnableSsl { get; set; }
    /// <summary>TLS from the first byte, SMTPS (usually port 465); takes precedence over <see cref="EnableSsl"/>.</summary>
    public bool Smtps { get; set; }
    public string? User { get; set; }
    public string? Password { get; set; }
    public string From { get; set; } = "KoproGo <noreply@koprogo.be>";
    /// <summary>DKIM signing, when the three are set: the PEM private key's file, the signing domain and the selector.</summary>
    public string? DkimKeyFile { get; set; }
    public string? DkimDomain { get; set; }
    public string? DkimSelector { get; set; }
    /// <summary>The public address of the app, for links in mails.</summary>
    public string BaseUrl { get; set; } = "http://127.0.0.1:5080";
    public double PollSeconds { get; set; } = 2;
    /// <summary>First retry after this, doubling each time, at most an hour.</summary>
    public double RetryBaseSeconds { get; set; } = 30;
    public int MaxAttempts { get; set; } = 8;
}
