using KoproGo.Domain.Accounts;
using KoproGo.Web.Infrastructure;
using KoproGo.Web.Infrastructure.Mail;
using KoproGo.Web.Pages.Users;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.Extensions.Localization;

namespace KoproGo.Web.Pages.Community;

/// <summary>
/// Residents' accounts in a building, for the syndic (all of them) and for an owner (those living in the lots they
/// hold today): who takes part, inviting one, removing one.
/// </summary>
public static class ResidentAccounts
{
    public sealed record Resident(long UserId, string Name, string Email, string? Lot, DateTime JoinedAt, bool HasPassword);

    /// <summary>A page with the invitation form (_InvitationForm): the syndic's and the owner's.</summary>
    public interface IInvitationPage
    {
        InvitationInput Input { get; }
        IReadOnlyList<(string Value, string Text)> LotChoices { get; }
    }

    /// <summary>The residents table (_ResidentList); the syndic may send a pending invitation again.</summary>
    public sealed record ListModel(IReadOnlyList<Resident> Rows, bool CanReinvite);

    /// <summary>An invitation as checked: who, their language, the lot they live in (if said).</summary>
    public sealed record Invitation(string Name, string Email, string Language, long? LotId);

    /// <summary>The invitation form, with its input kept as typed.</summary>
    public sealed class InvitationInput
    {
        public string? Name { get; set; }
        public string? Email { get; set; }
        public string? Language { get; set; } = "fr";
        public string? LotId { get; set; }

        /// <summary>The checked invitation, or null with the errors by the fields. The empty lot choice means none.</summary>
        public Invitation? Check(ModelStateDictionary state, IStringLocalizer l, IReadOnlyList<(string Value, string Text)> lots)
        {
            var check = new FormCheck(state, l, "Input");
            var name = check.Required(nameof(Name), Name, 200);
            var email = check.Email(nameof(Email), Email, required: true);
            var language = check.Language(nameof(Language), Language);
            var lot = check.Choice(nameof(LotId), LotId ?? "", lots.Select(c => c.Value).ToList());
            return state.IsValid ? new Invitation(name!, email!, language!, lot is { Length: > 0 } ? long.Parse(lot) : null) : null;
        }

        public static void EmailTaken(ModelStateDictionary state, IStringLocalizer l) =>
            new FormCheck(state, l, "Input").Error(nameof(Email), "An account with this address already exists.");
    }

    /// <summary>The lot kinds someone lives or works in; cellars, garages and parkings are not offered.</summary>
    private const string Dwelling = "l.kind in ('apartment', 'commercial', 'other')";

    /// <summary>The building's residents taking part; with <paramref name="landlord"/>, only those of the lots that owner holds today.</summary>
    public static Task<IReadOnlyList<Resident>> Of(Db db, long buildingId, long? landlord = null) => db.Query<Resident>($"""
        select u.id as user_id, u.display_name as name, u.email, l.number as lot, m.joined_at, u.password_hash is not null as has_password
        from community_members m join users u on u.id = m.user_id left join lots l on l.id = m.lot_id
        join user_roles r on r.user_id = u.id and r.role = 'Resident' and r.building_id = m.building_id
        where m.building_id = @buildingId and u.disabled_at is null
          and (@landlord::bigint is null or exists (select 1 from lot_ownerships o where o.lot_id = m.lot_id and o.owner_id = @landlord and {Ownerships.HeldToday}))
        order by u.display_name collate natural_sort
        """, new { buildingId, landlord });

    /// <summary>The lots a resident may be invited for: the building's dwellings, or those the landlord holds today.</summary>
    public static async Task<IReadOnlyList<(string Value, string Text)>> Lots(Db db, long buildingId, long? landlord = null) =>
        (await db.Query<(long Id, string Number)>($"""
            select l.id, l.number from lots l
            where l.building_id = @buildingId and {Dwelling}
              and (@landlord::bigint is null or exists (select 1 from lot_ownerships o where o.lot_id = l.id and o.owner_id = @landlord and {Ownerships.HeldToday}))
            order by l.number collate natural_sort
            """, new { buildingId, landlord })).Select(x => (x.Id.ToString(), x.Number)).ToList();

    /// <summary>
    /// Invites a resident: an account without password, the Resident role for the building, their member row, the
    /// invitation mail. A former resident whose account closed when they left gets it back, with their history and a
    /// new password to choose. Null when the address belongs to another account (nothing is kept).
    /// </summary>
    public static async Task<long?> Invite(Db db, Outbox outbox, Viewer viewer, long buildingId, Invitation invitation)
    {
        var (name, email, language, lotId) = invitation;
        var returning = await db.Scalar<long?>("""
            update users set disabled_at = null, display_name = @name, language = @language, password_hash = null
            where lower(email) = lower(@email) and organisation_id = @OrgId and owner_id is null and disabled_at is not null
              and not exists (select 1 from user_roles r where r.user_id = users.id)
            returning id
            """, viewer.Params(new { email, name, language }));
        if ((returning ?? await InviteModel.CreateAccount(db, viewer, email, name, language, ownerId: null)) is not long userId) return null;
        await db.Execute("""
            insert into user_roles (user_id, role, building_id) values (@userId, 'Resident', @buildingId);
            insert into community_members (building_id, user_id, lot_id) values (@buildingId, @userId, @lotId)
            on conflict (building_id, user_id) do update set lot_id = excluded.lot_id;
            """, new { userId, buildingId, lotId });
        await InviteModel.SendInvitation(db, outbox, viewer, userId);
        await AuditLog.Record(db, viewer, "user", userId, "invited", $"{name} <{email}>", after: new { role = Roles.Resident, building_id = buildingId, lot_id = lotId });
        return userId;
    }

    /// <summary>
    /// A resident moves out: they lose the community of this building, their bookings to come and loan requests are
    /// cancelled, and an account left with no role can no longer sign in. What they did stays in the history.
    /// </summary>
    public static async Task Remove(Db db, Viewer viewer, long buildingId, Resident resident)
    {
        await db.Execute("""
            delete from user_roles where user_id = @userId and role = 'Resident' and building_id = @buildingId;
            update bookings set status = 'cancelled' where status in ('pending', 'confirmed') and upper(during) > now()
              and member_id = (select m.id from community_members m where m.building_id = @buildingId and m.user_id = @userId);
            update object_loans set status = 'cancelled' where status in ('requested', 'approved')
              and borrower_id = (select m.id from community_members m where m.building_id = @buildingId and m.user_id = @userId);
            update users set disabled_at = now() where id = @userId and not exists (select 1 from user_roles r where r.user_id = @userId);
            update account_tokens set revoked_at = now() where user_id = @userId and used_at is null and revoked_at is null
              and exists (select 1 from users u where u.id = @userId and u.disabled_at is not null);
            """, new { userId = resident.UserId, buildingId });
        if (await db.Scalar<bool>("select disabled_at is not null from users where id = @UserId", resident))
            await Sessions.EndOthers(db, resident.UserId, null, SessionEnd.AccountWithdrawn);
        await AuditLog.Record(db, viewer, "user", resident.UserId, "resident_removed", resident.Email, before: new { building_id = buildingId });
    }
}
