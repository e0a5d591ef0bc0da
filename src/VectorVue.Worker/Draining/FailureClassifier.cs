using Npgsql;

namespace VectorVue.Worker.Draining;

/// <summary>
/// Tells a failure that is about the data (retrying the same rows can never succeed) from one that is about the
/// infrastructure (PostgreSQL down, connection lost: retrying later will).
/// </summary>
internal static class FailureClassifier
{
    /// <summary>SQLSTATE classes 22 (data exception), 23 (integrity constraint violation), 54 (program limit exceeded).</summary>
    public static bool IsAboutTheData(Exception exception) =>
        exception is PostgresException { SqlState: var state } && state.Length == 5
        && (state.StartsWith("22", StringComparison.Ordinal)
            || state.StartsWith("23", StringComparison.Ordinal)
            || state.StartsWith("54", StringComparison.Ordinal));
}
