namespace VectorVue.TelemetryApi.Ingestion;

/// <summary>
/// Request feature: the body of this request was read (or refused unread by its media type or declared length), for
/// whom and how many bytes, so the request's outcome can be charged to the caller's parse budget once it is known.
/// </summary>
internal sealed record BodyRead(Guid TenantId, string? Username, int Bytes);
