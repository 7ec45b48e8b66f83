using System.Globalization;
using System.Numerics;

namespace KoproGo.Domain.Buildings;

/// <summary>
/// An owner's share of one lot as an exact fraction, so that three heirs holding 1/3 each sum to exactly 100%.
/// Written by people as "1/3", "50%", "50", "33,5 %" or "100".
/// </summary>
public readonly record struct Share
{
    public const int MaxDenominator = 10_000;

    public int Numerator { get; }
    public int Denominator { get; }

    public Share(int numerator, int denominator)
    {
        if (denominator < 1 || denominator > MaxDenominator || numerator < 1 || numerator > denominator)
            throw new ArgumentOutOfRangeException(nameof(numerator), $"{numerator}/{denominator} is not a share between 0 and 1");
        var gcd = (int)BigInteger.GreatestCommonDivisor(numerator, denominator);
        Numerator = numerator / gcd;
        Denominator = denominator / gcd;
    }

    public static Share Whole => new(1, 1);

    public decimal Percent => Math.Round(100m * Numerator / Denominator, 2, MidpointRounding.ToEven);

    public bool IsWhole => Numerator == Denominator;

    /// <summary>"1/3" for fractions people write as such, "50 %" style percentages otherwise.</summary>
    public string Display(IFormatProvider culture) =>
        IsWhole ? "100 %"
        : 100 * Numerator % Denominator == 0 ? string.Format(culture, "{0} %", 100 * Numerator / Denominator)
        : Denominator <= 12 ? $"{Numerator}/{Denominator}"
        : string.Format(culture, "{0:0.##} %", Percent);

    /// <summary>The text a form field is filled with to edit this share again.</summary>
    public string Input => IsWhole ? "100%" : Denominator <= 12 ? $"{Numerator}/{Denominator}" : $"{Percent.ToString(CultureInfo.InvariantCulture)}%";

    public static bool TryParse(string? text, out Share share)
    {
        share = default;
        if (string.IsNullOrWhiteSpace(text)) return false;
        var s = text.Trim().Replace(" ", "").Replace("\u00a0", "").Replace("\u202f", "");
        var slash = s.IndexOf('/');
        if (slash > 0)
        {
            if (!int.TryParse(s[..slash], NumberStyles.None, CultureInfo.InvariantCulture, out var n)
                || !int.TryParse(s[(slash + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var d)
                || d < 1 || d > MaxDenominator || n < 1 || n > d)
                return false;
            share = new Share(n, d);
            return true;
        }
        s = s.TrimEnd('%').Replace(',', '.');
        if (!decimal.TryParse(s, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var percent)) return false;
        // Hundredths of a percent are the finest grain a deed states.
        var hundredths = percent * 100m;
        if (hundredths != decimal.Truncate(hundredths) || hundredths < 1 || hundredths > MaxDenominator) return false;
        share = new Share((int)hundredths, MaxDenominator);
        return true;
    }

    /// <summary>
    /// Whether a set of shares held at one date is a complete ownership of the lot: full owners plus bare owners make
    /// exactly 100%, and full owners plus usufructuaries make exactly 100% (every part has both rights held).
    /// </summary>
    public static bool IsCompleteOwnership(IEnumerable<(Share Share, OwnershipRight Right)> holdings)
    {
        var full = Fraction.Zero;
        var bare = Fraction.Zero;
        var usufruct = Fraction.Zero;
        foreach (var (share, right) in holdings)
        {
            var f = new Fraction(share.Numerator, share.Denominator);
            switch (right)
            {
                case OwnershipRight.Full: full += f; break;
                case OwnershipRight.Bare: bare += f; break;
                case OwnershipRight.Usufruct: usufruct += f; break;
            }
        }
        return (full + bare).IsOne && (full + usufruct).IsOne;
    }

    private readonly record struct Fraction(BigInteger N, BigInteger D)
    {
        public static Fraction Zero => new(0, 1);
        public bool IsOne => N == D;
        public static Fraction operator +(Fraction a, Fraction b)
        {
            var n = a.N * b.D + b.N * a.D;
            var d = a.D * b.D;
            var g = BigInteger.GreatestCommonDivisor(n, d);
            return g.IsZero ? Zero : new Fraction(n / g, d / g);
        }
    }
}
