using System.IO.Compression;
using System.Text.Json;
using KoproGo.Domain.Privacy;
using KoproGo.Web.Infrastructure;
using KoproGo.Web.Infrastructure.Documents;
using KoproGo.Web.Infrastructure.Mail;
using Quartz;

namespace KoproGo.Web.Pages.Privacy;

/// <summary>
/// A person's copy of their data (GDPR art. 15 and 20): one section per area, each a query over what is theirs only —
/// where another person is involved (the other side of an exchange, a proxy holder) the export says what the person did,
/// not who the other was. The layout is documented in docs/data-export.md; a section's name is its key in data.json.
/// </summary>
public static class DataExport
{
    public const string JobKey = "data-exports";

    /// <summary>A section: its key in the JSON, its title (a resource key) and its query (@userId, @ownerId).</summary>
    public sealed record Section(string Key, string Title, string Sql);

    private const string Members = "(select id from community_members where user_id = @userId or owner_id = @ownerId)";

    public static readonly Section[] Sections =
    [
        new("account", "Your account", """
            select email, display_name, language, email_notifications, created_at, totp_enabled_at is not null as two_factor, restricted_since
            from users where id = @userId
            """),
        new("owner_register", "Your entry in the owners' register", """
            select kind, first_name, last_name, company_number, email, phone, language, street, postcode, city, country, email_convocations
            from owners where id = @ownerId
            """),
        new("ownerships", "Your lots over time", """
            select b.name as building, l.number as lot, l.kind as lot_kind, l.quota, o.share_numerator, o.share_denominator, o.ownership_right,
                   o.valid_from, o.valid_to
            from lot_ownerships o join lots l on l.id = o.lot_id join buildings b on b.id = l.building_id
            where o.owner_id = @ownerId order by o.valid_from, l.number
            """),
        new("calls_for_funds", "Calls for funds addressed to you", """
            select b.name as building, c.title, c.issued_on, c.due_date, i.amount, i.communication, i.letter_sent_at, i.by_post
            from fund_call_items i join fund_calls c on c.id = i.call_id join buildings b on b.id = c.building_id
            where i.owner_id = @ownerId order by c.issued_on, i.id
            """),
        new("payments", "Your payments", """
            select b.name as building, p.amount, p.paid_on, p.matched_by from payments p join buildings b on b.id = p.building_id
            where p.owner_id = @ownerId order by p.paid_on, p.id
            """),
        new("account_entries", "Entries of your owner's account", """
            select b.name as building, e.entry_date, e.journal, e.description, l.account_code, l.debit, l.credit
            from journal_lines l join journal_entries e on e.id = l.entry_id join buildings b on b.id = e.building_id
            where l.owner_id = @ownerId order by e.entry_date, l.id
            """),
        new("convocations", "Your convocations", """
            select b.name as building, a.kind, a.meeting_at, m.channel, m.convocation_sent_at, m.opened_at, m.reply, m.attendance,
                   m.proxy_owner_id is not null as gave_a_proxy
            from assembly_members m join assemblies a on a.id = m.assembly_id join buildings b on b.id = a.building_id
            where m.owner_id = @ownerId order by a.meeting_at
            """),
        new("proxies_held", "Proxies you held", """
            select b.name as building, a.kind, a.meeting_at from assembly_members m join assemblies a on a.id = m.assembly_id
            join buildings b on b.id = a.building_id where m.proxy_owner_id = @ownerId order by a.meeting_at
            """),
        new("votes", "Your votes", """
            select b.name as building, a.meeting_at, i.title as agenda_item, v.choice, v.cast_at, v.sign_in_acr, v.strong_sign_in
            from votes v join agenda_items i on i.id = v.agenda_item_id join assemblies a on a.id = v.assembly_id join buildings b on b.id = a.building_id
            where v.owner_id = @ownerId order by a.meeting_at, i.position
            """),
        new("poll_answers", "Your answers to polls", """
            select p.question, a.answer, a.answered_at from poll_answers a join polls p on p.id = a.poll_id where a.owner_id = @ownerId order by a.answered_at
            """),
        new("mails", "E-mails and letters sent to you", """
            select m.subject, m.kind, m.created_at, m.sent_at,
                   (select string_agg(f.file_name, ', ' order by f.id) from outbox_attachments f where f.message_id = m.id) as attachments
            from outbox_messages m where lower(m.to_address) in (select lower(email) from users where id = @userId union select lower(email) from owners where id = @ownerId)
            order by m.created_at
            """),
        new("community", "Your community memberships", $"""
            select b.name as building, m.in_directory, m.on_leaderboard, m.joined_at from community_members m join buildings b on b.id = m.building_id
            where m.id in {Members} order by m.joined_at
            """),
        new("exchanges", "Your exchanges of services", $"""
            select x.kind, x.category, x.title, x.description, x.credits, x.status, case when x.provider_id in {Members} then 'provider' else 'requester' end as your_part,
                   x.created_at, x.completed_at, x.cancelled_at
            from sel_exchanges x where x.provider_id in {Members} or x.requester_id in {Members} order by x.created_at
            """),
        new("skills", "Your skills offered", $"select category, title, description, credits_per_hour, created_at from skills where member_id in {Members} order by created_at"),
        new("shared_objects", "Your objects lent to neighbours", $"""
            select name, category, description, condition, deposit, loan_days, created_at from shared_objects where member_id in {Members} order by created_at
            """),
        new("loans", "What you borrowed", $"""
            select o.name as object, k.starts_on, k.due_on, k.status, k.message, k.requested_at, k.lent_at, k.returned_at
            from object_loans k join shared_objects o on o.id = k.object_id where k.borrower_id in {Members} order by k.requested_at
            """),
        new("swaps", "Your items given or swapped", $"""
            select mode, title, description, wanted, status, created_at, given_at from swap_items where member_id in {Members} order by created_at
            """),
        new("bookings", "Your bookings of common rooms", $"""
            select r.name as room, lower(k.during) as starts_at, upper(k.during) as ends_at, k.status, k.purpose, k.created_at
            from bookings k join resources r on r.id = k.resource_id where k.member_id in {Members} order by lower(k.during)
            """),
        new("notices", "Your posts on the notice board", """
            select kind, title, body, event_on, created_at, hidden_at from notices where author_id = @userId order by created_at
            """),
        new("comments", "Your comments", """
            select n.title as notice, c.body, c.created_at from notice_comments c join notices n on n.id = c.notice_id where c.author_id = @userId order by c.created_at
            """),
        new("problem_reports", "The problems you reported or followed", """
            select b.name as building, r.title, r.description, r.category, r.urgency, r.state, r.created_at,
                   case when r.reporter_id = @userId then 'reporter' else 'follower' end as your_part,
                   (select count(*) from problem_report_photos f where f.report_id = r.id and f.added_by = @userId) as photos_you_added
            from problem_reports r join buildings b on b.id = r.building_id
            where r.reporter_id = @userId or exists (select 1 from problem_report_followers f where f.report_id = r.id and f.user_id = @userId)
            order by r.created_at
            """),
        new("problem_messages", "Your messages about problems", """
            select r.title as problem, c.body, c.created_at from problem_report_comments c join problem_reports r on r.id = c.report_id
            where c.author_id = @userId order by c.created_at
            """),
        new("notifications", "Your notifications", "select title, body, created_at, read_at from notifications where user_id = @userId order by created_at"),
        new("group-purchases", "Your group energy purchases", """
            select c.title as campaign, p.consent, p.consented_at, p.electricity_ean, p.gas_ean, p.day_kwh, p.night_kwh, p.gas_kwh,
                   p.current_price, p.current_fee, p.gas_price, p.gas_fee, p.bill_name, p.left_at
            from energy_participants p join energy_campaigns c on c.id = p.campaign_id where p.user_id = @userId order by p.consented_at
            """),
        new("sessions", "Your sign-in sessions", """
            select created_at, last_seen_at, user_agent, network, via, acr, strong, ended_at, ended_reason from user_sessions where user_id = @userId order by created_at
            """),
        new("identities", "Your identities at an identity provider", """
            select issuer, subject, linked_at, last_used_at from user_identities where user_id = @userId order by linked_at
            """),
        new("choices", "Your objections and restriction", """
            select purpose, since from privacy_objections where user_id = @userId
            union all select 'restriction', restricted_since from users where id = @userId and restricted_since is not null
            order by since
            """),
        new("consents", "The privacy notices you accepted", """
            select n.version, n.published_at, a.accepted_at from privacy_acceptances a join privacy_notices n on n.id = a.notice_id
            where a.user_id = @userId order by n.version
            """),
        new("requests", "Your requests about your data", """
            select kind, state, details, created_at, received_at, due_on, answered_at, answer from privacy_requests where user_id = @userId order by created_at
            """),
        new("audit_log", "The audit log's lines about you", """
            select at, entity, action, summary, summary_args from audit_log
            where user_id = @userId or (entity = 'user' and entity_id = @userId) or (entity = 'owner' and entity_id = @ownerId)
            order by at, id
            """),
    ];

    /// <summary>What the readable summary shows: the sections with their rows, column names as in the JSON.</summary>
    public sealed record Summary(string PersonName, DateTime MadeAt, IReadOnlyList<(Section Section, IReadOnlyList<IDictionary<string, object?>> Rows)> Parts);

    public static string FileName(DateTime madeAtUtc) => $"koprogo-my-data-{BrusselsTime.FromUtc(madeAtUtc):yyyy-MM-dd}.zip";

    /// <summary>A value as the JSON holds it: a moment in UTC (ISO 8601 with its Z), a day as yyyy-MM-dd (PostgreSQL's dates
    /// come as DateTimes without a kind).</summary>
    public static object? Plain(object? value) => value switch
    {
        DateTime { Kind: DateTimeKind.Utc } t => t.ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture),
        DateTime d => d.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
        DateOnly d => d.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
        DBNull => null,
        _ => value,
    };

    /// <summary>A column's heading in the summary: its JSON name as an English text ("share_numerator" → "Share numerator").</summary>
    public static string ColumnTitle(string column) => char.ToUpperInvariant(column[0]) + column[1..].Replace('_', ' ');

    /// <summary>A value as the summary shows it to a person, in their culture: moments in Brussels time.</summary>
    public static string Readable(object? value, Func<string, string> text) => value switch
    {
        null or DBNull => "—",
        DateTime { Kind: DateTimeKind.Utc } t => BrusselsTime.FromUtc(t).ToString("g"),
        DateTime d => DateOnly.FromDateTime(d).ToString("d"),
        bool b => text(b ? "Yes" : "No"),
        decimal m => m.ToString("N2"),
        _ => value.ToString() ?? "",
    };
}

/// <summary>
/// Makes the copies asked for: one section at a time, the progress written after each so the page can show it; then
/// the ZIP (data.json and summary.html in the person's language) is stored, the person mailed a link valid 7 days.
/// A copy started by an instance that stopped is taken up again after 15 minutes.
/// </summary>
public sealed class DataExportJob(Db db, IDocumentStorage storage, RazorRenderer renderer, Outbox outbox) : IJob
{
    private sealed record Due(long Id, long UserId, long? OwnerId, string Email, string DisplayName, string Language, long OrganisationId);

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            var due = await db.QuerySingleOrDefault<Due>("""
                update privacy_requests r set state = 'in_progress', started_at = now(), progress_done = 0, progress_total = @total
                from users u
                where u.id = r.user_id and r.id = (
                    select id from privacy_requests where kind = 'export'
                      and (state = 'received' or (state = 'in_progress' and started_at < now() - interval '15 minutes'))
                    order by id limit 1 for update skip locked)
                returning r.id, r.user_id, u.owner_id, u.email, u.display_name, u.language, r.organisation_id
                """, new { total = DataExport.Sections.Length });
            if (due is null) return;
            await Make(due, cancellationToken);
        }
    }

    private async Task Make(Due due, CancellationToken cancellationToken)
    {
        var parts = new List<(DataExport.Section, IReadOnlyList<IDictionary<string, object?>>)>();
        foreach (var section in DataExport.Sections)
        {
            var rows = due.OwnerId is null && section.Sql.Contains("@ownerId") && !section.Sql.Contains("@userId")
                ? []
                : (await db.Query<dynamic>(section.Sql, new { userId = due.UserId, ownerId = due.OwnerId }))
                    .Select(r => (IDictionary<string, object?>)r).ToList();
            parts.Add((section, rows));
            await db.Execute("update privacy_requests set progress_done = progress_done + 1 where id = @Id", new { due.Id });
        }
        var madeAt = DateTime.UtcNow;
        var summary = await renderer.Render("/Pages/Privacy/_ExportSummary.cshtml", new DataExport.Summary(due.DisplayName, madeAt, parts), due.Language);
        using var zip = new MemoryStream();
        using (var archive = new ZipArchive(zip, ZipArchiveMode.Create, leaveOpen: true))
        {
            await using (var json = archive.CreateEntry("data.json", CompressionLevel.Optimal).Open())
                await JsonSerializer.SerializeAsync(json, new Dictionary<string, object>
                {
                    ["format"] = "koprogo-personal-data/1",
                    ["made_at"] = madeAt.ToString("O"),
                    ["sections"] = parts.ToDictionary(p => p.Item1.Key,
                        p => (object)p.Item2.Select(row => row.ToDictionary(c => c.Key, c => DataExport.Plain(c.Value))).ToList()),
                }, new JsonSerializerOptions { WriteIndented = true }, cancellationToken);
            await using (var html = archive.CreateEntry("summary.html", CompressionLevel.Optimal).Open())
                await html.WriteAsync(System.Text.Encoding.UTF8.GetBytes(summary.Html), cancellationToken);
        }
        zip.Position = 0;
        var (key, size, _) = await storage.Save(zip, cancellationToken);
        await db.Begin();
        await db.Execute("""
            update privacy_requests set state = 'done', file_key = @key, file_size = @size, file_expires_at = now() + @lifetime,
                answered_at = now(), answered_by = 'KoproGo'
            where id = @Id
            """, new { due.Id, key, size, lifetime = DataRequests.ExportLifetime });
        var title = Languages.Text(due.Language, "Your copy of your data is ready");
        var body = string.Format(Languages.Culture(due.Language), Languages.Text(due.Language, "You may download it until {0}; then it is deleted."),
            BrusselsTime.FromUtc(madeAt + DataRequests.ExportLifetime).ToString("g", Languages.Culture(due.Language)));
        await outbox.Enqueue(db, new MailRequest(due.Email, due.DisplayName, due.Language, MailKinds.Account, "Notification",
            new Notifier.Mail(title, body, outbox.Link("/account/data")))
        {
            OrganisationId = due.OrganisationId, DedupeKey = $"data-export:{due.Id}",
        });
        await db.Commit();
    }
}
