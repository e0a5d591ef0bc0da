namespace VectorVue.TelemetryApi.Queue;

/// <summary>The queue could not take an event; the caller answers 503 and the client retries.</summary>
internal sealed class QueueUnavailableException(string message, Exception innerException)
    : Exception(message, innerException);
