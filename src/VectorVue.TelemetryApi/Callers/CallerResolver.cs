using VectorVue.TelemetryApi.Authentication;
using VectorVue.TelemetryApi.Problems;
using VectorVue.TelemetryApi.Tenants;

namespace VectorVue.TelemetryApi.Callers;

/// <summary>
/// Turns an authenticated token into a <see cref="Caller"/>: 401 without a UUID tenant or with an overlong
/// <c>sub</c>, 403 for an unknown or inactive tenant, 503 while the directory cannot be read, each refusal counted
/// where the calling API counts its refusals.
/// </summary>
internal sealed partial class CallerResolver(TenantDirectory tenants, ILogger<CallerResolver> logger)
{
    private const int DirectoryRetryAfterSeconds = 5;

    public async Task<Outcome<Caller>> ResolveAsync(HttpContext http, IRejectionCounter metrics, CancellationToken cancellationToken)
    {
        if (!TokenClaims.TryRead(http.User, out var claims, out var refusal))
        {
            metrics.Rejected(RejectionReason.Unauthorized, tenantId: null);
            return ApiProblems.Unauthorized(refusal);
        }

        TenantAccess access;
        try
        {
            access = await tenants.GetAccessAsync(claims.TenantId, claims.Username, cancellationToken);
        }
        catch (TenantDirectoryUnavailableException ex)
        {
            LogDirectoryUnavailable(logger, ex, claims.TenantId);
            metrics.Rejected(RejectionReason.DirectoryUnavailable, claims.TenantId);
            return ApiProblems.Unavailable(http.Response,
                "The tenant directory cannot be reached right now.", RejectionReason.DirectoryUnavailable, DirectoryRetryAfterSeconds);
        }

        return access.Status switch
        {
            TenantStatus.Active => new Caller(claims.TenantId, claims.Username, access.UserId),
            TenantStatus.Inactive => Forbidden(metrics, claims.TenantId, "The tenant is inactive.", RejectionReason.InactiveTenant),
            _ => Forbidden(metrics, claims.TenantId, "The tenant is not known.", RejectionReason.UnknownTenant),
        };
    }

    private static Outcome<Caller> Forbidden(IRejectionCounter metrics, Guid tenantId, string detail, string reason)
    {
        metrics.Rejected(reason, tenantId);
        return ApiProblems.Forbidden(detail, reason);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Tenant directory unavailable; answered 503 to tenant {TenantId}")]
    private static partial void LogDirectoryUnavailable(ILogger logger, Exception exception, Guid tenantId);
}
