using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;

namespace KoproGo.Tests.Support;

/// <summary>A mail as it reached the SMTP server, decoded.</summary>
public sealed record DeliveredMail(string To, string Subject, string Text, string Html)
{
    /// <summary>The files attached, by name, as bytes.</summary>
    public Dictionary<string, byte[]> Attachments { get; init; } = [];

    /// <summary>The message's headers, names in lower case, folded lines joined.</summary>
    public Dictionary<string, string> Headers { get; init; } = [];

    /// <summary>Each attached file's part headers (content-type, content-disposition…), by file name.</summary>
    public Dictionary<string, Dictionary<string, string>> AttachmentHeaders { get; init; } = [];

    /// <summary>The first link to the app in the mail's text part.</summary>
    public string Link(string pathStart)
    {
        var match = Regex.Match(Text, @"https?://[^\s)]+" + Regex.Escape(pathStart) + @"[^\s)]*");
        Assert.True(match.Success, $"no link to {pathStart} in:\n{Text}");
        return new Uri(match.Value).PathAndQuery;
    }
}

/// <summary>
/// A real SMTP server, Debian's aiosmtpd, writing every mail it receives into a Maildir the tests read back.
/// It can be stopped and started again to play a mail server outage.
/// </summary>
public sealed partial class SmtpServer : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("koprogo-mail").FullName;
    // aiosmtpd creates the Maildir (new/, cur/, tmp/) only where nothing exists yet.
    private string maildir => Path.Combine(folder, "maildir");
    private Process? process;

    public int Port { get; } = Processes.FreePort();

    public async Task Start()
    {
        var start = new ProcessStartInfo("/usr/bin/python3", ["-m", "aiosmtpd", "-n", "-l", $"127.0.0.1:{Port}", "-c", "aiosmtpd.handlers.Mailbox", maildir])
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        };
        process = Process.Start(start) ?? throw new InvalidOperationException("aiosmtpd did not start: is python3-aiosmtpd installed?");
        await Processes.WaitListening(process, Port, "aiosmtpd");
    }

    public void Stop()
    {
        if (process is null || process.HasExited) return;
        process.Kill(entireProcessTree: true);
        process.WaitForExit();
    }

    public void Clear()
    {
        foreach (var sub in new[] { "new", "cur", "tmp" })
            if (Directory.Exists(Path.Combine(maildir, sub)))
                foreach (var file in Directory.GetFiles(Path.Combine(maildir, sub))) File.Delete(file);
    }

    public IReadOnlyList<DeliveredMail> Messages() => RawMessages().Select(Parse).ToList();

    /// <summary>The mails as the server stored them, byte for byte as text, oldest first.</summary>
    public IReadOnlyList<string> RawMessages()
    {
        var received = Path.Combine(maildir, "new");
        return Directory.Exists(received) ? Directory.GetFiles(received).OrderBy(File.GetCreationTimeUtc).Select(File.ReadAllText).ToList() : [];
    }

    /// <summary>Waits until the server has received a mail matching <paramref name="match"/>.</summary>
    public async Task<DeliveredMail> WaitFor(Func<DeliveredMail, bool> match, int seconds = 15)
    {
        var until = DateTime.UtcNow.AddSeconds(seconds);
        while (DateTime.UtcNow < until)
        {
            if (Messages().FirstOrDefault(match) is { } mail) return mail;
            await Task.Delay(100);
        }
        throw new TimeoutException($"no matching mail within {seconds} s; received: {string.Join(", ", Messages().Select(m => m.To + " " + m.Subject))}");
    }

    public void Dispose()
    {
        Stop();
        Directory.Delete(folder, recursive: true);
    }

    // A small MIME reader of our own (not MailKit's, which writes the mail): headers with encoded words, nested
    // multiparts, base64 or quoted-printable bodies.
    private static DeliveredMail Parse(string raw)
    {
        var (headers, body) = Split(raw.Replace("\r\n", "\n"));
        var text = "";
        var html = "";
        var attachments = new Dictionary<string, byte[]>();
        var attachmentHeaders = new Dictionary<string, Dictionary<string, string>>();
        // Parts nest: mixed (alternative (text, html), attachments…).
        void Walk(Dictionary<string, string> partHeaders, string partBody)
        {
            var type = partHeaders.GetValueOrDefault("content-type", "");
            var boundary = Boundary().Match(type);
            if (boundary.Success)
            {
                foreach (var (h, b) in partBody.Split("--" + boundary.Groups[1].Value).Skip(1).Where(p => !p.StartsWith("--")).Select(p => Split(p.TrimStart('\n'))))
                    Walk(h, b);
                return;
            }
            var encoding = partHeaders.GetValueOrDefault("content-transfer-encoding", "");
            var name = FileName().Match(partHeaders.GetValueOrDefault("content-disposition", "") + ";" + type);
            if (name.Success && encoding.Equals("base64", StringComparison.OrdinalIgnoreCase))
            {
                attachments[DecodeWords(name.Groups[1].Value)] = Convert.FromBase64String(string.Concat(partBody.Where(c => !char.IsWhiteSpace(c))));
                attachmentHeaders[DecodeWords(name.Groups[1].Value)] = partHeaders;
            }
            else if (type.StartsWith("text/html")) html = Decode(partBody, encoding);
            else text = Decode(partBody, encoding);
        }
        Walk(headers, body);
        return new DeliveredMail(DecodeWords(headers.GetValueOrDefault("to", "")), DecodeWords(headers.GetValueOrDefault("subject", "")), text, html)
        {
            Attachments = attachments,
            AttachmentHeaders = attachmentHeaders,
            Headers = headers,
        };
    }

    private static (Dictionary<string, string> Headers, string Body) Split(string part)
    {
        var end = part.IndexOf("\n\n", StringComparison.Ordinal);
        var head = end < 0 ? part : part[..end];
        var headers = new Dictionary<string, string>();
        string? last = null;
        foreach (var line in head.Split('\n'))
        {
            if (line.Length > 0 && char.IsWhiteSpace(line[0]) && last is not null) headers[last] = (headers[last] + " " + line.Trim()).Trim();
            else if (line.IndexOf(':') is var colon and > 0)
            {
                last = line[..colon].Trim().ToLowerInvariant();
                headers[last] = line[(colon + 1)..].Trim();
            }
        }
        return (headers, end < 0 ? "" : part[(end + 2)..]);
    }

    private static string Decode(string body, string encoding) => encoding.ToLowerInvariant() switch
    {
        "base64" => Encoding.UTF8.GetString(Convert.FromBase64String(string.Concat(body.Where(c => !char.IsWhiteSpace(c))))),
        "quoted-printable" => QuotedPrintable(body.Replace("=\n", "")),
        _ => body,
    };

    private static string QuotedPrintable(string s)
    {
        var bytes = new List<byte>();
        for (var i = 0; i < s.Length; i++)
        {
            if (s[i] == '=' && i + 2 < s.Length && Uri.IsHexDigit(s[i + 1]) && Uri.IsHexDigit(s[i + 2]))
            {
                bytes.Add(System.Convert.ToByte(s.Substring(i + 1, 2), 16));
                i += 2;
            }
            else bytes.AddRange(Encoding.UTF8.GetBytes(s[i].ToString()));
        }
        return Encoding.UTF8.GetString(bytes.ToArray());
    }

    // RFC 2047: the space between two encoded words is not text; the space between an encoded word and plain text is.
    private static string DecodeWords(string header) => EncodedWord().Replace(BetweenEncodedWords().Replace(header, "?==?"), m => m.Groups[1].Value.ToUpperInvariant() == "B"
        ? Encoding.UTF8.GetString(Convert.FromBase64String(m.Groups[2].Value))
        : QuotedPrintable(m.Groups[2].Value.Replace('_', ' ')));

    [GeneratedRegex(@"boundary=""?([^"";]+)""?", RegexOptions.IgnoreCase)]
    private static partial Regex Boundary();
    [GeneratedRegex(@"name=""?([^"";]+)""?", RegexOptions.IgnoreCase)]
    private static partial Regex FileName();
    [GeneratedRegex(@"=\?utf-8\?([BQ])\?(.*?)\?=", RegexOptions.IgnoreCase)]
    private static partial Regex EncodedWord();
    [GeneratedRegex(@"\?=\s+=\?")]
    private static partial Regex BetweenEncodedWords();
}
