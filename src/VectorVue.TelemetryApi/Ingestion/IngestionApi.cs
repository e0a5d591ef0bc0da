using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Npgsql;
using VectorVue.Contracts;
using VectorVue.TelemetryApi.Authentication;
using VectorVue.TelemetryApi.Queue;
using VectorVue.TelemetryApi.Tenants;

namespace VectorVue.TelemetryApi.Ingestion;

/// <summary><c>POST /api/v1/client/events</c>: the endpoint the VectorVue portal already calls (DESIGN.md, "The ingestion contract").</summary>
internal static partial class IngestionApi
{
    public static RouteGroupBuilder MapIngestionApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1/client").RequireAuthorization().WithTags("Ingestion");
        api.MapPost("/events", PostEventAsync).WithName("PostClientEvent");
        return api;
    }

    internal static async Task<Results<Accepted<AcceptedEvent>, ProblemHttpResult>> PostEventAsync(
        HttpContext http,
        ClientEventParser parser,
        TenantDirectory tenants,
        EventQueue queue,
        IngestionMetrics metrics,
        IOptions<IngestionOptions> options,
        TimeProvider timeProvider,
        ILogger<ClientEventParser> logger,
        CancellationToken cancellationToken)
    {
        var receivedAt = timeProvider.GetUtcNow();
        if (!TokenClaims.TryRead(http.User, out var claims))
        {
            metrics.Rejected(RejectionReason.Unauthorized, tenantId: null);
            return IngestionProblems.Unauthorized("The bearer token has no valid 'tenant_id' claim (a UUID).");
        }

        TenantAccess access;
        try
        {
            access = await tenants.GetAccessAsync(claims.TenantId, claims.Username, cancellationToken);
        }
        catch (Exception ex) when (ex is NpgsqlException or TimeoutException)
        {
            LogTenantDirectoryUnavailable(logger, ex, claims.TenantId);
            return Unavailable(http, metrics, claims.TenantId, options.Value);
        }

        if (access.Status != TenantStatus.Active)
        {
            var reason = access.Status == TenantStatus.Inactive ? RejectionReason.InactiveTenant : RejectionReason.UnknownTenant;
            metrics.Rejected(reason, claims.TenantId);
            return IngestionProblems.Forbidden(
                access.Status == TenantStatus.Inactive ? "The tenant is inactive." : "The tenant is not known.", reason);
        }

        if (!RequestBodyReader.IsJsonContent(http.Request.ContentType))
        {
            metrics.Rejected(RejectionReason.UnsupportedMediaType, claims.TenantId);
            return IngestionProblems.UnsupportedMediaType(http.Request.ContentType);
        }

        var limits = options.Value;
        var body = await RequestBodyReader.ReadAsync(http.Request, limits.MaxEventBodyBytes, cancellationToken);
        if (body is null)
        {
            metrics.Rejected(RejectionReason.BodyTooLarge, claims.TenantId);
            return IngestionProblems.BodyTooLarge(limits.MaxEventBodyBytes);
        }

        EventParseResult parsed;
        try
        {
            using var document = JsonDocument.Parse(body.Value, new JsonDocumentOptions
            {
                MaxDepth = limits.MaxJsonDepth,
                AllowDuplicateProperties = false,
            });
            parsed = parser.Parse(document.RootElement, receivedAt);
        }
        catch (JsonException ex)
        {
            metrics.Rejected(RejectionReason.MalformedJson, claims.TenantId);
            return IngestionProblems.MalformedJson($"The body is not valid JSON: {ex.Message}");
        }

        if (!parsed.IsValid)
        {
            metrics.Rejected(RejectionReason.InvalidFields, claims.TenantId);
            return IngestionProblems.InvalidFields(parsed.Errors);
        }

        var clientEvent = parsed.Event!;
        var queued = new QueuedEvent(
            Id: clientEvent.EventId ?? Guid.CreateVersion7(receivedAt),
            TenantId: claims.TenantId,
            UserId: access.UserId,
            EventType: clientEvent.EventType,
            ObjectType: clientEvent.ObjectType,
            ObjectId: clientEvent.ObjectId,
            Severity: clientEvent.Severity,
            Timestamp: clientEvent.Timestamp,
            ReceivedAt: receivedAt,
            MetadataJson: clientEvent.MetadataJson);

        try
        {
            await queue.EnqueueAsync(queued, cancellationToken);
        }
        catch (QueueUnavailableException ex)
        {
            LogQueueUnavailable(logger, ex, claims.TenantId);
            return Unavailable(http, metrics, claims.TenantId, limits);
        }

        metrics.Accepted(claims.TenantId, queued.EventType);
        return TypedResults.Accepted((string?)null, new AcceptedEvent(true, queued.Id));
    }

    private static ProblemHttpResult Unavailable(HttpContext http, IngestionMetrics metrics, Guid tenantId, IngestionOptions limits)
    {
        metrics.Rejected(RejectionReason.QueueUnavailable, tenantId);
        http.Response.Headers.RetryAfter = limits.QueueUnavailableRetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return IngestionProblems.QueueUnavailable(limits.QueueUnavailableRetryAfterSeconds);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Event queue unavailable; answered 503 to tenant {TenantId}")]
    private static partial void LogQueueUnavailable(ILogger logger, Exception exception, Guid tenantId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Tenant directory unavailable; answered 503 to tenant {TenantId}")]
    private static partial void LogTenantDirectoryUnavailable(ILogger logger, Exception exception, Guid tenantId);
}
