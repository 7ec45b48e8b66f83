namespace KoproGo.Web.Infrastructure;

/// <summary>The resource key (English text) for each stored code, so every view names things the same way.</summary>
public static class Labels
{
    public static string LotKind(string code) => code switch
    {
        "apartment" => "Apartment",
        "commercial" => "Commercial premises",
        "parking" => "Parking space",
        "garage" => "Garage",
        "cellar" => "Cellar",
        _ => "Other",
    };

    public static string Right(string code) => code switch
    {
        "full" => "Full ownership",
        "bare" => "Bare ownership",
        "usufruct" => "Usufruct",
        _ => code,
    };

    public static string Role(string role) => role switch
    {
        Roles.SuperAdmin => "Platform administrator",
        Roles.Syndic => "Syndic",
        Roles.Accountant => "Accountant",
        Roles.BoardMember => "Board member",
        Roles.Owner => "Owner",
        _ => "Contractor",
    };

    public const string Active = "Active";
    public const string Invited = "Invited";
    public const string Withdrawn = "Withdrawn";

    public static string AccountStatus(bool disabled, bool hasPassword) => disabled ? Withdrawn : hasPassword ? Active : Invited;

    public static string DocumentCategory(string code) => code switch
    {
        "regulation" => "Regulation of co-ownership",
        "minutes" => "Minutes",
        "accounts" => "Accounts",
        "contracts" => "Contracts",
        "insurance" => "Insurance",
        "plans" => "Plans",
        _ => "Other",
    };

    public static string DocumentVisibility(string code) => code switch
    {
        "syndic" => "Syndic only",
        "board" => "Board of co-owners",
        "owners" => "All owners of the building",
        _ => "Everyone (public)",
    };

    public static string OwnerKind(string code) => code == "legal" ? "Legal person" : "Natural person";

    public static readonly string[] LotKindCodes = ["apartment", "commercial", "parking", "garage", "cellar", "other"];
    public static readonly string[] RightCodes = ["full", "bare", "usufruct"];

    /// <summary>"Sophie Lambert", or a company's name.</summary>
    public static string PersonName(string? firstName, string lastName) =>
        string.IsNullOrWhiteSpace(firstName) ? lastName : $"{firstName} {lastName}";
}
