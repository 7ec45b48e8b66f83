namespace KoproGo.Domain.Accounting;

/// <summary>
/// The Belgian structured communication (communication structurée / gestructureerde mededeling, "OGM-VCS") that
/// identifies a payment: ten digits and two check digits, the first ten modulo 97 (97 when that is 0), written
/// +++123/4567/89012+++. Calls for funds carry one so that bank lines are matched to them.
/// </summary>
public readonly record struct StructuredCommunication
{
    public const long MaxBase = 9_999_999_999;

    public long Base { get; }
    public int Check => (int)(Base % 97 == 0 ? 97 : Base % 97);
    public string Digits => $"{Base:D10}{Check:D2}";

    public StructuredCommunication(long @base)
    {
        if (@base < 1 || @base > MaxBase) throw new ArgumentOutOfRangeException(nameof(@base), "the base has at most ten digits and is not zero");
        Base = @base;
    }

    public override string ToString() => $"+++{Digits[..3]}/{Digits[3..7]}/{Digits[7..]}+++";

    /// <summary>Reads one as a bank or a person writes it: with or without +++ / *** and slashes, spaces ignored.</summary>
    public static bool TryParse(string? text, out StructuredCommunication communication)
    {
        communication = default;
        if (string.IsNullOrWhiteSpace(text)) return false;
        var digits = new string(text.Where(c => !char.IsWhiteSpace(c) && c is not ('+' or '*' or '/')).ToArray());
        if (digits.Length != 12 || !digits.All(char.IsAsciiDigit)) return false;
        var @base = long.Parse(digits[..10]);
        if (@base == 0) return false;
        var candidate = new StructuredCommunication(@base);
        if (candidate.Check != int.Parse(digits[10..])) return false;
        communication = candidate;
        return true;
    }
}
