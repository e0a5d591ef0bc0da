using Npgsql;

namespace VectorVue.Worker.Draining;

/// <summary>
/// Tells a failure that is about the data (retrying the same rows can never succeed) from one that is about the
/// infrastructure (PostgreSQL down, connection lost: retrying later will), and a conflict with a concurrent
/// transaction (deadlock, serialization failure: retrying the same rows at once will).
/// </summary>
internal static class FailureClassifier
{
    /// <summary>SQLSTATE classes 22 (data exception), 23 (integrity constraint violation), 54 (program limit exceeded).</summary>
    public static bool IsAboutTheData(Exception exception) =>
        exception is PostgresException { SqlState: var state } && state.Length == 5
        && (state.StartsWith("22", StringComparison.Ordinal)
            || state.StartsWith("23", StringComparison.Ordinal)
            || state.StartsWith("54", StringComparison.Ordinal));

    /// <summary>
    /// SQLSTATE 40P01 (deadlock detected) and 40001 (serialization failure): PostgreSQL rolled the transaction back
    /// because of another one, not because of the rows. Never about the data.
    /// </summary>
    public static bool IsConflict(Exception exception) =>
        exception is PostgresException { SqlState: PostgresErrorCodes.DeadlockDetected or PostgresErrorCodes.SerializationFailure };
}
