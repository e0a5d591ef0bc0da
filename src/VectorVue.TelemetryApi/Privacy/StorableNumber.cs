using System.Globalization;
using System.Text.Json;

namespace VectorVue.TelemetryApi.Privacy;

/// <summary>
/// Which JSON numbers may be kept in <c>metadata_json</c>: exactly those PostgreSQL's <c>jsonb</c> stores as sent and
/// that cannot blow up in size there. <c>jsonb</c> keeps numbers as exact <c>numeric</c> values, which refuse
/// exponents beyond their range (<c>1e-99999</c>, even <c>0e-99999</c>, fail — after the API would already have
/// answered 202) and spell out every digit of a large exponent (<c>1e131071</c> is ten bytes sent, 131 kB stored).
/// So a number is written in at most <see cref="MaxLength"/> characters with an exponent within
/// ±<see cref="MaxExponent"/>, and is finite and does not round to zero in double precision. Its text is kept as
/// sent, so a large integer keeps every digit.
/// </summary>
internal static class StorableNumber
{
    public const int MaxLength = 40;
    public const int MaxExponent = 400;

    public const string Rule =
        "must be a number of at most 40 characters that PostgreSQL can store as sent: 0, or a magnitude between 5e-324 and 1.7976931348623157e308, with an exponent within ±400";

    public static bool IsStorable(JsonElement number)
    {
        var text = number.GetRawText();
        if (text.Length > MaxLength
            || !double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value)
            || !double.IsFinite(value))
        {
            return false;
        }

        var exponentAt = text.AsSpan().IndexOfAny('e', 'E');
        var mantissa = exponentAt < 0 ? text.AsSpan() : text.AsSpan(0, exponentAt);
        if (exponentAt >= 0
            && (!int.TryParse(text.AsSpan(exponentAt + 1), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var exponent)
                || Math.Abs(exponent) > MaxExponent))
        {
            return false;
        }

        // A mantissa with a non-zero digit that parsed as zero has underflowed.
        return value != 0 || mantissa.IndexOfAnyInRange('1', '9') < 0;
    }
}
