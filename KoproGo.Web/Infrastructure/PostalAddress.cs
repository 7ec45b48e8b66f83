namespace KoproGo.Web.Infrastructure;

/// <summary>Whom a letter goes to, as Pages/Shared/_PostalAddress prints it; without a street, the name alone.</summary>
public sealed record PostalAddress(string Name, string? Street, string? Postcode, string? City);
