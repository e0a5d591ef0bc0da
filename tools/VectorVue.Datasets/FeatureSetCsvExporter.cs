using System.Globalization;
using Npgsql;
using NpgsqlTypes;

namespace VectorVue.Datasets;

/// <summary>
/// Writes feature sets as CSV (RFC 4180): one row per feature set — its id, tenant, window, event count and
/// dataset_hash — and one column per feature, sorted by name; a feature a set does not have is an empty cell.
/// </summary>
internal sealed class FeatureSetCsvExporter(NpgsqlDataSource dataSource)
{
    private const string Sql = """
        SELECT s.id, s.tenant_id, s.window_name, s.window_start, s.window_end, s.event_count, s.dataset_hash, f.name, f.value
        FROM analytics.feature_sets s
        LEFT JOIN analytics.features f ON f.feature_set_id = s.id
        WHERE ($1::uuid IS NULL OR s.id = $1)
          AND ($2::text IS NULL OR s.window_name = $2)
          AND ($3::timestamptz IS NULL OR s.window_end = $3)
          AND ($4::uuid IS NULL OR s.tenant_id = $4)
        ORDER BY s.window_end, s.tenant_id, s.window_name
        """;

    private static readonly string[] Fixed = ["feature_set_id", "tenant_id", "window_name", "window_start", "window_end", "event_count", "dataset_hash"];

    /// <returns>How many feature sets were written.</returns>
    public async Task<int> ExportAsync(
        Guid? featureSetId, string? window, DateTimeOffset? windowEnd, Guid? tenantId, TextWriter output, CancellationToken cancellationToken)
    {
        var sets = new List<(string[] Fixed, Dictionary<string, double> Features)>();
        var index = new Dictionary<Guid, int>();
        await using (var command = dataSource.CreateCommand(Sql))
        {
            command.Parameters.Add(new NpgsqlParameter<Guid?> { TypedValue = featureSetId, NpgsqlDbType = NpgsqlDbType.Uuid });
            command.Parameters.Add(new NpgsqlParameter<string?> { TypedValue = window, NpgsqlDbType = NpgsqlDbType.Text });
            command.Parameters.Add(new NpgsqlParameter<DateTimeOffset?> { TypedValue = windowEnd, NpgsqlDbType = NpgsqlDbType.TimestampTz });
            command.Parameters.Add(new NpgsqlParameter<Guid?> { TypedValue = tenantId, NpgsqlDbType = NpgsqlDbType.Uuid });
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                var id = reader.GetGuid(0);
                if (!index.TryGetValue(id, out var at))
                {
                    at = sets.Count;
                    index[id] = at;
                    sets.Add(([
                        id.ToString("D"), reader.GetGuid(1).ToString("D"), reader.GetString(2),
                        Instant(reader.GetFieldValue<DateTimeOffset>(3)), Instant(reader.GetFieldValue<DateTimeOffset>(4)),
                        reader.GetInt32(5).ToString(CultureInfo.InvariantCulture), reader.GetString(6),
                    ], new Dictionary<string, double>(StringComparer.Ordinal)));
                }

                if (!reader.IsDBNull(7))
                {
                    sets[at].Features[reader.GetString(7)] = reader.GetDouble(8);
                }
            }
        }

        var names = sets.SelectMany(s => s.Features.Keys).Distinct().Order(StringComparer.Ordinal).ToList();
        await output.WriteLineAsync(string.Join(',', Fixed.Concat(names).Select(Quote)));
        foreach (var (fixedColumns, features) in sets)
        {
            var cells = fixedColumns.Concat(names.Select(n => features.TryGetValue(n, out var v) ? FeatureExtractor.Format(v) : ""));
            await output.WriteLineAsync(string.Join(',', cells.Select(Quote)));
        }

        await output.FlushAsync(cancellationToken);
        return sets.Count;
    }

    private static string Instant(DateTimeOffset instant) =>
        instant.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);

    private static string Quote(string cell) =>
        cell.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + cell.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : cell;
}
