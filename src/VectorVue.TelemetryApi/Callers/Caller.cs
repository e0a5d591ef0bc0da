namespace VectorVue.TelemetryApi.Callers;

/// <summary>Who sends the events: the token's tenant, its user name, and that user's id in the tenant (if known).</summary>
internal sealed record Caller(Guid TenantId, string? Username, Guid? UserId);
