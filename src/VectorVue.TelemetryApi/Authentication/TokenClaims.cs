using System.Security.Claims;

namespace VectorVue.TelemetryApi.Authentication;

/// <summary>The identity a portal token carries: always the tenant, sometimes the user name.</summary>
internal readonly record struct TokenClaims(Guid TenantId, string? Username)
{
    public const string TenantIdClaim = "tenant_id";
    public const string SubjectClaim = "sub";

    /// <summary>The longest user name a portal user can have (<c>users.username</c> is <c>varchar(200)</c>).</summary>
    public const int MaxSubjectLength = 200;

    /// <summary>
    /// Reads the claims; false, with the reason for the 401, when <c>tenant_id</c> is missing or not a UUID, or when
    /// <c>sub</c> is longer than any user name: it is client-chosen text that becomes part of cache and Redis keys.
    /// </summary>
    public static bool TryRead(ClaimsPrincipal principal, out TokenClaims claims, out string refusal)
    {
        claims = default;
        var tenant = principal.FindFirst(TenantIdClaim)?.Value;
        if (tenant is null || !Guid.TryParse(tenant, out var tenantId) || tenantId == Guid.Empty)
        {
            refusal = "The bearer token has no valid 'tenant_id' claim (a UUID).";
            return false;
        }

        var subject = principal.FindFirst(SubjectClaim)?.Value;
        if (subject?.Length > MaxSubjectLength)
        {
            refusal = $"The bearer token's 'sub' is longer than {MaxSubjectLength} characters.";
            return false;
        }

        claims = new TokenClaims(tenantId, string.IsNullOrWhiteSpace(subject) ? null : subject);
        refusal = string.Empty;
        return true;
    }
}
