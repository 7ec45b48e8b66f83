namespace KoproGo.Domain.Buildings;

/// <summary>Belgian postcodes: four digits, 1000 to 9999.</summary>
public static class Postcode
{
    public static bool IsBelgian(string? text) =>
        text is { Length: 4 } && text.All(char.IsAsciiDigit) && text[0] != '0';
}
