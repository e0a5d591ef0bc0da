using System.ComponentModel.DataAnnotations;
using System.Text;

namespace VectorVue.TelemetryApi.Authentication;

/// <summary>How portal tokens are verified. Bound from <c>VectorVue:Jwt</c>.</summary>
public sealed class JwtOptions : IValidatableObject
{
    public const string SectionName = "VectorVue:Jwt";
    public const int MinimumKeyBytes = 32;

    /// <summary>HS256 signing key shared with the portal (UTF-8, at least 32 bytes). An Aspire secret parameter.</summary>
    [Required(ErrorMessage = "VectorVue:Jwt:SigningKey is required: set the AppHost parameter 'jwt-signing-key'.")]
    public string SigningKey { get; set; } = string.Empty;

    /// <summary>Tolerated clock difference between the portal and this server when checking <c>exp</c> (at most 60 s).</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:01:00")]
    public TimeSpan ClockSkew { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// Every key this API would accept a token signed with, named by its configuration setting. Checks that apply
    /// to all keys (<see cref="PublicSigningKeyRefusal"/>) read this, so a second key source only has to be added here.
    /// </summary>
    public IEnumerable<(string Setting, string Value)> ConfiguredKeys()
    {
        if (!string.IsNullOrEmpty(SigningKey))
        {
            yield return ($"{SectionName}:{nameof(SigningKey)}", SigningKey);
        }
    }

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!string.IsNullOrEmpty(SigningKey) && Encoding.UTF8.GetByteCount(SigningKey) < MinimumKeyBytes)
        {
            yield return new ValidationResult(
                $"VectorVue:Jwt:SigningKey must be at least {MinimumKeyBytes} bytes for HS256.", [nameof(SigningKey)]);
        }
    }
}
