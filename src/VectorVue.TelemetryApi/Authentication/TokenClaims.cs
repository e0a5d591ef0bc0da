using System.Security.Claims;

namespace VectorVue.TelemetryApi.Authentication;

/// <summary>The identity a portal token carries: always the tenant, sometimes the user name.</summary>
internal readonly record struct TokenClaims(Guid TenantId, string? Username)
{
    public const string TenantIdClaim = "tenant_id";
    public const string SubjectClaim = "sub";

    /// <summary>Reads the claims; false when <c>tenant_id</c> is missing or not a UUID.</summary>
    public static bool TryRead(ClaimsPrincipal principal, out TokenClaims claims)
    {
        var tenant = principal.FindFirst(TenantIdClaim)?.Value;
        if (tenant is null || !Guid.TryParse(tenant, out var tenantId) || tenantId == Guid.Empty)
        {
            claims = default;
            return false;
        }

        var subject = principal.FindFirst(SubjectClaim)?.Value;
        claims = new TokenClaims(tenantId, string.IsNullOrWhiteSpace(subject) ? null : subject);
        return true;
    }
}
