using System.Security.Claims;
using KoproGo.Domain.Accounts;
using KoproGo.Web.Infrastructure;
using KoproGo.Web.Pages.Public;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace KoproGo.Web.Pages.Account;

/// <summary>Setting up, renewing the backup codes of and turning off two-factor sign-in, for oneself.</summary>
public sealed class TwoFactorModel(Db db, TwoFactorSignIn twoFactor, IStringLocalizer<SharedResource> l) : PageModel
{
    public sealed class CodeInput
    {
        public string? Code { get; set; }
        /// <summary>The code of the "turn off" form (each form of the page has its own field).</summary>
        public string? OffCode { get; set; }
    }

    [BindProperty] public CodeInput Input { get; set; } = new();

    public TwoFactorSignIn.State State { get; private set; } = null!;
    /// <summary>While setting up: the secret to type in by hand and its QR code.</summary>
    public string? Secret { get; private set; }
    public string? QrCode { get; private set; }
    public long BackupCodesLeft { get; private set; }
    /// <summary>The firm requires it of this account: it cannot be turned off.</summary>
    public bool Required { get; private set; }
    /// <summary>Just made: shown this once.</summary>
    public string[] NewBackupCodes { get; private set; } = [];

    private async Task Load()
    {
        var viewer = User.Viewer();
        State = await twoFactor.Of(viewer.UserId);
        Required = await FirmRequires();
        if (State.EnabledAt is null && State.Secret is not null)
        {
            Secret = State.Secret;
            QrCode = QrCodes.PngDataUri(TwoFactorSignIn.AppUri(State.Secret, User.FindFirstValue(ClaimTypes.Email) ?? ""));
        }
        BackupCodesLeft = await db.Scalar<long>("select count(*) from backup_codes where user_id = @ViewerUserId and used_at is null", viewer.Params());
        NewBackupCodes = TempData["BackupCodes"] as string[] ?? [];
    }

    private async Task<bool> FirmRequires() => TwoFactor.Required(User.Viewer().Roles,
        await db.Scalar<bool>("select staff_two_factor from organisations where id = @OrgId", User.Viewer().Params()));

    public async Task OnGet() => await Load();

    public async Task<IActionResult> OnPostStart()
    {
        await twoFactor.NewSecret(User.Viewer().UserId);
        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostConfirm()
    {
        var userId = User.Viewer().UserId;
        if (!await CodeAccepted(userId, "Input.Code", Input.Code)) return await Again();
        await db.Execute("update users set totp_enabled_at = now() where id = @userId and totp_enabled_at is null", new { userId });
        TempData["BackupCodes"] = (await twoFactor.NewBackupCodes(userId)).ToArray();
        TempData["Notice"] = "Two-factor sign-in is on.";
        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostBackupCodes()
    {
        var userId = User.Viewer().UserId;
        if (!await CodeAccepted(userId, "Input.Code", Input.Code)) return await Again();
        TempData["BackupCodes"] = (await twoFactor.NewBackupCodes(userId)).ToArray();
        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostTurnOff()
    {
        var userId = User.Viewer().UserId;
        if (await FirmRequires()) return BadRequest();
        if (!await CodeAccepted(userId, "Input.OffCode", Input.OffCode)) return await Again();
        await twoFactor.TurnOff(userId);
        TempData["Notice"] = "Two-factor sign-in is off.";
        return RedirectToPage();
    }

    private async Task<bool> CodeAccepted(long userId, string field, string? code)
    {
        if (string.IsNullOrWhiteSpace(code)) ModelState.AddModelError(field, l["Enter the code."]);
        else if (await twoFactor.Try(userId, code) is var outcome and not TwoFactorSignIn.Outcome.Accepted)
            ModelState.AddModelError(field, l[TwoFactorSignIn.Refusal(outcome)]);
        return ModelState.IsValid;
    }

    private async Task<IActionResult> Again()
    {
        await Load();
        return Page();
    }
}
