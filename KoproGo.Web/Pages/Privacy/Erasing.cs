using System.Text.RegularExpressions;
using KoproGo.Domain.Privacy;
using KoproGo.Web.Infrastructure;

namespace KoproGo.Web.Pages.Privacy;

/// <summary>
/// Carries out a confirmed erasure (GDPR art. 17) in one transaction, as <see cref="Erasure.Plan"/> says: the account
/// is closed and emptied, sessions and notifications go, community content goes or stays under a pseudonym; when the
/// identity need not be kept, the owner's record is emptied too and every text that named the person — in mails, bank
/// lines, the audit log — is rewritten with the pseudonym. What the law keeps stays whole: the journal as posted, votes,
/// the assembly's record (assemblies, agenda items, decisions) and the documents' files.
/// </summary>
public static class Erasing
{
    private sealed record Person(long UserId, long? OwnerId, string DisplayName, string Email, string Language, string? FirstName, string? LastName,
        string? OwnerEmail);

    /// <summary>
    /// Kept as written, whoever they name: the assembly's record (art. 3.87 §10) and the accounting records (7 years,
    /// art. III.88 Code of economic law; the journal's triggers refuse any change to a posted entry anyway).
    /// </summary>
    private static readonly string[] KeptTables =
        ["assemblies", "agenda_items", "decisions", "journal_entries", "journal_lines", "schema_migrations", "data_protection_keys"];

    private static Task<Person> Load(Db db, long userId) => db.QuerySingle<Person>("""
        select u.id as user_id, u.owner_id, u.display_name, u.email, u.language, o.first_name, o.last_name, o.email as owner_email
        from users u left join owners o on o.id = u.owner_id where u.id = @userId
        """, new { userId });

    public static async Task<ErasureFacts> Facts(Db db, long userId)
    {
        var facts = await db.QuerySingle<ErasureFacts>("""
            select u.owner_id is not null as is_owner,
                   exists (select 1 from lot_ownerships o where o.owner_id = u.owner_id and o.valid_from <= @today and (o.valid_to is null or o.valid_to > @today)) as owns_a_lot_today,
                   coalesce((select sum(l.debit - l.credit) from journal_lines l where l.owner_id = u.owner_id and l.account_code = '410'), 0) as owed,
                   exists (select 1 from journal_lines l where l.owner_id = u.owner_id) or exists (select 1 from payments p where p.owner_id = u.owner_id) as has_accounting_entries,
                   exists (select 1 from votes v where v.owner_id = u.owner_id) or exists (select 1 from assembly_members m where m.owner_id = u.owner_id) as has_votes,
                   exists (select 1 from documents d where d.uploaded_by = u.id) as has_documents
            from users u where u.id = @userId
            """, new { userId, today = BrusselsTime.Today });
        return facts;
    }

    /// <summary>The name the person's traces carry from now on, in their language.</summary>
    public static string Pseudonym(string language, long userId) => $"{Languages.Text(language, "A former neighbour")} #{userId}";

    /// <summary>Erases what the plan says; returns the plan carried out, for the answer.</summary>
    public static async Task<IReadOnlyList<ErasureLine>> CarryOut(Db db, long userId, bool removeCommunityContent)
    {
        await db.Begin();
        var person = await Load(db, userId);
        var plan = Erasure.Plan(await Facts(db, userId));
        var pseudonym = Pseudonym(person.Language, userId);
        var members = "(select id from community_members where user_id = @userId or owner_id = @ownerId)";
        var ids = new { userId, ownerId = person.OwnerId ?? 0 };

        await db.Execute("delete from user_sessions where user_id = @userId", ids);
        await db.Execute("delete from backup_codes where user_id = @userId", ids);
        await db.Execute("delete from user_identities where user_id = @userId", ids);
        await db.Execute("delete from problem_report_followers where user_id = @userId", ids);
        await db.Execute("delete from notifications where user_id = @userId", ids);
        await db.Execute("delete from account_tokens where user_id = @userId", ids);
        await db.Execute("delete from privacy_objections where user_id = @userId", ids);
        await db.Execute("delete from user_roles where user_id = @userId", ids);
        // taking part in a group purchase: as leaving it (the consent and its withdrawal stay, under the pseudonym)
        await db.Execute("""
            update energy_participants set left_at = coalesce(left_at, now()), electricity_ean = null, gas_ean = null, day_kwh = null, night_kwh = null,
                gas_kwh = null, current_price = null, current_fee = null, gas_price = null, gas_fee = null, bill = null, bill_name = null
            where user_id = @userId
            """, ids);
        await db.Execute($"update community_members set in_directory = false, on_leaderboard = false where id in {members}", ids);
        if (removeCommunityContent)
        {
            await db.Execute("delete from notice_comments where author_id = @userId", ids);
            await db.Execute("delete from problem_report_comments where author_id = @userId", ids);
            await db.Execute("delete from notices where author_id = @userId", ids);
            await db.Execute($"delete from skills where member_id in {members}", ids);
            await db.Execute($"delete from swap_items where member_id in {members} and status <> 'given'", ids);
            await db.Execute($"delete from shared_objects where member_id in {members}", ids);
        }

        var erasesIdentity = Erasure.ErasesIdentity(plan);
        // Strings that name the person, longest first so "Sophie Lambert" goes before a part of it would.
        // Phone numbers and addresses are shared (a household, a switchboard, the building's own street): they are emptied
        // where they are the person's (their owner record), never hunted down in other people's texts.
        var traces = new[] { person.DisplayName, person.Email }
            .Concat(erasesIdentity && person.LastName is not null
                ? new[] { $"{person.FirstName} {person.LastName}".Trim(), $"{person.LastName} {person.FirstName}".Trim(), person.OwnerEmail }
                : [])
            .Where(s => !string.IsNullOrWhiteSpace(s) && s.Trim().Length >= 4).Select(s => s!.Trim()).Distinct(StringComparer.OrdinalIgnoreCase)
            .ToArray();
        // A name or an address someone else also has (a family's shared mailbox, a namesake) is theirs too: left alone;
        // so is what the owner's record holds when the identity is kept (the register still names them).
        traces = [.. await db.Query<string>("""
            select t from unnest(@traces) t
            where not exists (select 1 from owners o where o.id <> @ownerId and o.erased_at is null
                                and (lower(o.email) = lower(t) or lower(coalesce(o.first_name || ' ', '') || o.last_name) = lower(t)))
              and not exists (select 1 from users u where u.id <> @userId and (lower(u.email) = lower(t) or lower(u.display_name) = lower(t)))
            """, new { traces, userId, ownerId = erasesIdentity ? person.OwnerId ?? 0 : 0 })];
        traces = [.. traces.OrderByDescending(s => s.Length)];

        await db.Execute("""
            update users set email = @email, display_name = @pseudonym, password_hash = null, disabled_at = coalesce(disabled_at, now()),
                totp_secret = null, totp_enabled_at = null, restricted_since = null, email_notifications = false, erased_at = now()
            where id = @userId
            """, new { userId, pseudonym, email = $"erased-{userId}@invalid" });
        if (erasesIdentity && person.OwnerId is { } ownerId)
        {
            await db.Execute("""
                update owners set first_name = null, last_name = @pseudonym, company_number = null, email = null, phone = null,
                    street = null, postcode = null, city = null, email_convocations = false, erased_at = now()
                where id = @ownerId
                """, new { ownerId, pseudonym });
            await db.Execute("update assembly_members set email = null where owner_id = @ownerId", new { ownerId });
        }
        // The letters mailed to the person's own addresses (PDFs naming them) go; the mails' texts are rewritten below.
        await db.Execute("delete from outbox_attachments where message_id in (select id from outbox_messages where lower(to_address) = any(@addresses))",
            new { addresses = traces.Where(t => t.Contains('@')).Select(a => a.ToLowerInvariant()).ToArray() });
        await db.Execute("set local koprogo.erasing = 'on'");
        if (traces.Length > 0) await Rewrite(db, traces, pseudonym);
        // The audit lines about the person's own record keep what was done and when, not the values (a phone, an address).
        await db.Execute("""
            update audit_log set before = null, after = null
            where (entity = 'user' and entity_id = @userId) or (@erasesIdentity and entity = 'owner' and entity_id = @ownerId)
            """, new { userId, ownerId = person.OwnerId ?? 0, erasesIdentity });
        return plan;
    }

    /// <summary>
    /// Every text and JSON column of the application's tables (but the assembly's record) where one of the traces appears,
    /// rewritten with the pseudonym, whatever the case. The audit log, append-only otherwise, accepts this change (its
    /// trigger reads koprogo.erasing, set by the caller for this transaction only).
    /// </summary>
    private static async Task Rewrite(Db db, string[] traces, string pseudonym)
    {
        var pattern = string.Join("|", traces.Select(Regex.Escape));
        var columns = await db.Query<(string Table, string Column, string Type)>("""
            select c.table_name, c.column_name, c.data_type from information_schema.columns c
            join information_schema.tables t on t.table_schema = c.table_schema and t.table_name = c.table_name and t.table_type = 'BASE TABLE'
            where c.table_schema = 'public' and c.data_type in ('text', 'jsonb') and c.table_name not like 'qrtz%'
              and c.is_generated = 'NEVER' and c.table_name <> all(@kept)
            order by 1, 2
            """, new { kept = KeptTables });
        foreach (var (table, column, type) in columns)
        {
            var text = type == "jsonb" ? $"\"{column}\"::text" : $"\"{column}\"";
            var replaced = $"regexp_replace({text}, @pattern, @pseudonym, 'gi')";
            await db.Execute($"""update "{table}" set "{column}" = {(type == "jsonb" ? $"{replaced}::jsonb" : replaced)} where {text} ~* @pattern""",
                new { pattern, pseudonym = JsonSafe(pseudonym) });
        }
    }

    // The pseudonym goes inside JSON strings too: it holds no quote nor backslash. Regex replacement syntax: no \ or &... used.
    private static string JsonSafe(string pseudonym) => pseudonym.Replace("\\", "").Replace("\"", "");
}
