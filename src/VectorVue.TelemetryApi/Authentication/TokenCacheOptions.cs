using System.ComponentModel.DataAnnotations;

namespace VectorVue.TelemetryApi.Authentication;

/// <summary>
/// The cache of validated tokens (<see cref="ValidatedTokenCache"/>): a token seen again within its life is not
/// validated again. Bound from <c>VectorVue:Jwt:TokenCache</c>.
/// </summary>
public sealed class TokenCacheOptions
{
    public const string SectionName = JwtOptions.SectionName + ":TokenCache";

    /// <summary>Most tokens held; once full, a new token is validated every time until entries expire. 0 turns the cache off.</summary>
    [Range(0, 1_000_000)]
    public int MaxEntries { get; set; } = 10_000;

    /// <summary>Longest an entry is kept, however long its token has left (never past the token's <c>exp</c>).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan MaxAge { get; set; } = TimeSpan.FromMinutes(5);
}
