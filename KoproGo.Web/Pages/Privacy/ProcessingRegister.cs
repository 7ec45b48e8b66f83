using KoproGo.Web.Infrastructure;

namespace KoproGo.Web.Pages.Privacy;

/// <summary>One activity of the register of processing (GDPR art. 30 §1 b–g): why, on what basis, which data of whom, to whom, how long, how protected.</summary>
public sealed record ProcessingActivity(string Key, string Purpose, string LegalBasis, string DataCategories, string Persons, string Recipients,
    string Retention, string Security)
{
    /// <summary>Written by the syndic (as written), or KoproGo's own prefilled text (a resource key, read in the reader's language).</summary>
    public bool Written { get; init; }
    public DateTime? UpdatedAt { get; init; }
    public string? UpdatedBy { get; init; }
}

/// <summary>
/// The register of an organisation: what KoproGo does with personal data, prefilled, each activity rewritable by the
/// syndic, plus the firm's own. The privacy notice shows the same activities to the persons.
/// </summary>
public static class ProcessingRegister
{
    private const string Security = "Access by role and by building; passwords hashed; two-factor sign-in; encrypted connections (TLS); sessions ended on the server; an append-only audit log; encrypted backups.";

    /// <summary>What KoproGo does, as prefilled for every firm (resource keys).</summary>
    public static readonly ProcessingActivity[] Defaults =
    [
        new("owners-register", "Keeping the list of the co-owners, their lots and shares",
            "Legal obligation: the co-ownership law (art. 3.84 ff. Civil Code) and the syndic's duties (art. 3.89 §5)",
            "Identity, postal and e-mail addresses, phone, language, lots, shares and rights held, dates",
            "Co-owners, usufructuaries and bare owners", "The syndic's staff; the board for its building; notaries on a sale (état daté)",
            "As long as the person holds a right on a lot, then as the accounts and minutes require", Security),
        new("accounting", "Accounts of the co-ownership: calls for funds, payments, arrears, statements",
            "Legal obligation (art. 3.89 §5 Civil Code; Code of economic law, art. III.82 ff.)",
            "Amounts owed and paid, bank account numbers, structured communications, reminders",
            "Co-owners", "The syndic's staff and accountant; the auditor of the accounts; the banks",
            "Accounting records 7 years; supporting documents 10 years", Security),
        new("assemblies", "General assemblies: convocations, attendance, proxies, votes, minutes",
            "Legal obligation (art. 3.87 Civil Code)", "Identity, attendance, proxies, votes and the level of the sign-in each was cast under, e-mail opening of the convocation",
            "Co-owners and their proxies", "The syndic; the co-owners of the building (minutes)",
            "With the building's archives, for the life of the co-ownership", Security),
        new("community", "The building's community: exchanges of services, lending, notice board, bookings, directory",
            "Consent and the person's requests (art. 6 §1 a and b GDPR); each listing is chosen by the person",
            "Name, offers, posts, loans, bookings, time credits, ratings", "Co-owners and residents who join",
            "The other members of the building's community; the syndic for moderation",
            "Until the person removes them or asks for erasure", Security),
        new("accounts-and-security", "Sign-in accounts and their security",
            "Legitimate interest: protecting the accounts and the data (art. 6 §1 f, art. 32 GDPR)",
            "E-mail address, password (hashed), two-factor secret, identity at the identity provider and the level of each sign-in, devices and networks of the sessions, failed sign-ins, audit log",
            "Every user", "The syndic's staff; KoproGo's operator as processor",
            "Sessions 30 days after they end; failed sign-ins one day; audit lines as long as the records they trace", Security),
        new("notifications", "Notifications in the application and by e-mail",
            "The person's requests and legitimate interest; notification e-mails can be turned off or objected to",
            "E-mail address, language, the news notified", "Every user",
            "The mail delivery service (processor)", "Read notifications 90 days; unread ones one year", Security),
        new("meter-readings", "Meter readings of the lots and common parts: charts, alerts, heating and water costs split by consumption",
            "Legal obligation and the regulation of the co-ownership (art. 3.85 Civil Code: the distribution of charges); legitimate interest (leaks, alerts)",
            "Readings of the meters of the lot (water, heat, allocators, electricity, gas) by hour and by day, the sub-metering firm's readings",
            "Co-owners and occupants of the lots with a private meter", "The syndic's staff; the lot's owners (their own meters only); the sub-metering firm",
            "Raw readings as long as the building keeps them (13 months by default); daily totals as long as the accounts that use them", Security),
        new("group-purchase", "Group purchase of energy, when the person joins one",
            "Consent (art. 6 §1 a GDPR), given when joining and withdrawn by leaving",
            "EAN codes of the connections, yearly consumption, current price and fee, the bill if given (encrypted)",
            "Co-owners and residents who join", "The syndic's staff; the suppliers asked for an offer",
            "Until the person leaves (then erased, the consent and its withdrawal kept); the bill 90 days after the campaign ends", Security),
    ];

    private sealed record Written(string ActivityKey, string Purpose, string LegalBasis, string DataCategories, string Persons, string Recipients,
        string Retention, string Security, DateTime UpdatedAt, string UpdatedBy);

    /// <summary>The register as it stands: the prefilled activities (or the firm's version of each), then the firm's own.</summary>
    public static async Task<IReadOnlyList<ProcessingActivity>> Of(Db db, long organisationId)
    {
        var written = (await db.Query<Written>("""
            select activity_key, purpose, legal_basis, data_categories, persons, recipients, retention, security, updated_at, updated_by
            from processing_activities where organisation_id = @organisationId order by id
            """, new { organisationId })).ToDictionary(w => w.ActivityKey);
        static ProcessingActivity From(Written w) => new(w.ActivityKey, w.Purpose, w.LegalBasis, w.DataCategories, w.Persons, w.Recipients,
            w.Retention, w.Security) { Written = true, UpdatedAt = w.UpdatedAt, UpdatedBy = w.UpdatedBy };
        return [.. Defaults.Select(d => written.TryGetValue(d.Key, out var w) ? From(w) : d),
            .. written.Values.Where(w => Defaults.All(d => d.Key != w.ActivityKey)).Select(From)];
    }
}
