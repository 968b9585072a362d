using System.Numerics;

namespace Hidamari.Portal.Features.Staff.Compliance;

/// <summary>An exact non-negative fraction, so that required posts are rounded up from the true value.</summary>
internal readonly record struct Fraction(BigInteger Numerator, BigInteger Denominator)
{
    public static readonly Fraction Zero = new(0, 1);

    public static Fraction Of(int whole) => new(whole, 1);

    /// A decimal ratio such as 1.7 as 17/10.
    public static Fraction Of(decimal value)
    {
        var bits = decimal.GetBits(value);
        var scale = (bits[3] >> 16) & 0xFF;
        var mantissa = new BigInteger(decimal.Truncate(value * (decimal)Math.Pow(10, scale)));
        return Reduce(mantissa, BigInteger.Pow(10, scale));
    }

    public static Fraction operator +(Fraction a, Fraction b) =>
        Reduce(a.Numerator * b.Denominator + b.Numerator * a.Denominator, a.Denominator * b.Denominator);

    public static Fraction operator /(Fraction a, Fraction b) =>
        b.Numerator.IsZero ? throw new DivideByZeroException() : Reduce(a.Numerator * b.Denominator, a.Denominator * b.Numerator);

    public long Ceiling() => (long)((Numerator + Denominator - 1) / Denominator);

    public decimal ToDecimal(int decimals) => Math.Round((decimal)Numerator / (decimal)Denominator, decimals, MidpointRounding.AwayFromZero);

    private static Fraction Reduce(BigInteger n, BigInteger d)
    {
        var g = BigInteger.GreatestCommonDivisor(n, d);
        return g.IsZero || g.IsOne ? new(n, d) : new(n / g, d / g);
    }
}
