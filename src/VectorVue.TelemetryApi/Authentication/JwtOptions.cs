using System.ComponentModel.DataAnnotations;
using System.Text;

namespace VectorVue.TelemetryApi.Authentication;

/// <summary>How portal tokens are verified. Bound from <c>VectorVue:Jwt</c> (docs/ingestion-contract.md#identity).</summary>
public sealed class JwtOptions : IValidatableObject
{
    public const string SectionName = "VectorVue:Jwt";
    public const int MinimumKeyBytes = 32;

    /// <summary>
    /// The HS256 key without an id, shared with the portal (UTF-8, at least 32 bytes): it checks tokens whose header
    /// names no <c>kid</c>. An Aspire secret parameter. Optional when <see cref="SigningKeys"/> holds a key.
    /// </summary>
    public string SigningKey { get; set; } = string.Empty;

    /// <summary>
    /// Keys with an id, for rotation: a token whose header names a <c>kid</c> is checked against the key with that
    /// id only (docs/operations.md#rotating-the-signing-key).
    /// </summary>
    public List<JwtSigningKey> SigningKeys { get; set; } = [];

    /// <summary>The <c>iss</c> the portal's tokens carry; any other issuer, or none, is refused.</summary>
    [Required(ErrorMessage = "VectorVue:Jwt:Issuer is required: the 'iss' of the portal's tokens (the AppHost parameter 'jwt-issuer').")]
    public string Issuer { get; set; } = string.Empty;

    /// <summary>The <c>aud</c> the portal's tokens carry for this API; a token without it is refused.</summary>
    [Required(ErrorMessage = "VectorVue:Jwt:Audience is required: the 'aud' the portal's tokens carry for this API (the AppHost parameter 'jwt-audience').")]
    public string Audience { get; set; } = string.Empty;

    /// <summary>
    /// The longest a token may be valid: <c>exp − iat</c>, and for a token without <c>iat</c> the time it has left,
    /// <c>exp − now</c> (give or take <see cref="ClockSkew"/>). A stolen token is useful for at most this long.
    /// </summary>
    [Range(typeof(TimeSpan), "00:01:00", "7.00:00:00")]
    public TimeSpan MaxTokenLifetime { get; set; } = TimeSpan.FromHours(24);

    /// <summary>Tolerated clock difference between the portal and this server when checking <c>exp</c> (at most 60 s).</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:01:00")]
    public TimeSpan ClockSkew { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// Every key this API would accept a token signed with, named by its configuration setting, with its id (null for
    /// <see cref="SigningKey"/>). Checks that apply to all keys (<see cref="PublicSigningKeyRefusal"/>, the length
    /// rule below, <see cref="SigningKeyRing"/>) read this, so a key source only has to be added here.
    /// </summary>
    public IEnumerable<(string Setting, string? Id, string Value)> ConfiguredKeys()
    {
        if (!string.IsNullOrEmpty(SigningKey))
        {
            yield return ($"{SectionName}:{nameof(SigningKey)}", null, SigningKey);
        }

        for (var i = 0; i < SigningKeys.Count; i++)
        {
            if (!string.IsNullOrEmpty(SigningKeys[i].Key))
            {
                yield return ($"{ListSetting(i)}:{nameof(JwtSigningKey.Key)}", SigningKeys[i].Id, SigningKeys[i].Key);
            }
        }
    }

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!ConfiguredKeys().Any())
        {
            yield return new ValidationResult(
                $"{SectionName}:{nameof(SigningKey)} is required (or {SectionName}:{nameof(SigningKeys)}): set the AppHost parameter 'jwt-signing-key'.",
                [nameof(SigningKey)]);
        }

        foreach (var (setting, _, value) in ConfiguredKeys())
        {
            if (Encoding.UTF8.GetByteCount(value) < MinimumKeyBytes)
            {
                yield return new ValidationResult($"{setting} must be at least {MinimumKeyBytes} bytes for HS256.", [setting]);
            }
        }

        var firstWithId = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < SigningKeys.Count; i++)
        {
            var (id, key) = (SigningKeys[i].Id, SigningKeys[i].Key);
            if (string.IsNullOrWhiteSpace(id))
            {
                yield return new ValidationResult(
                    $"{ListSetting(i)}:Id is required: a token names the key it was signed with by this id (its 'kid' header).",
                    [nameof(SigningKeys)]);
            }
            else if (!firstWithId.TryAdd(id, i))
            {
                yield return new ValidationResult(
                    $"{ListSetting(i)}:Id '{id}' is also the id of {ListSetting(firstWithId[id])}: key ids must be unique.",
                    [nameof(SigningKeys)]);
            }

            if (string.IsNullOrEmpty(key))
            {
                yield return new ValidationResult($"{ListSetting(i)}:Key is required.", [nameof(SigningKeys)]);
            }
        }
    }

    private static string ListSetting(int index) => $"{SectionName}:{nameof(SigningKeys)}:{index}";
}
