namespace VectorVue.TelemetryApi.Tenants;

/// <summary>The directory cannot say whether the tenant may send: the database is unreachable and nothing recent enough is remembered.</summary>
internal sealed class TenantDirectoryUnavailableException(string message, Exception? innerException = null)
    : Exception(message, innerException);
