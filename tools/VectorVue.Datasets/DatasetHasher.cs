using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace VectorVue.Datasets;

/// <summary>
/// The <c>dataset_hash</c>: SHA-256 (lower-case hex) of a canonical serialization of a feature set — format
/// version, tenant, window, every event of the window in id order with every column, and every feature in name
/// order. Each value is written as <c>length:value</c>, so no content can be mistaken for a separator. Same events
/// and features → same hash, wherever and whenever it is computed; any changed column of any event → another hash.
/// </summary>
internal sealed class DatasetHasher : IDisposable
{
    public const string FormatVersion = "vectorvue-dataset/1";

    private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private readonly StringBuilder _line = new();
    private Guid? _previousId;

    public DatasetHasher(Guid tenantId, string windowName, DateTimeOffset windowStart, DateTimeOffset windowEnd) =>
        Write("header", FormatVersion, tenantId.ToString("D"), windowName, Instant(windowStart), Instant(windowEnd));

    /// <summary>Adds the next event; events must come in ascending id order (PostgreSQL's uuid order).</summary>
    public void AddEvent(DatasetEvent e)
    {
        if (_previousId is { } previous && UuidOrder.Compare(previous, e.Id) >= 0)
        {
            throw new InvalidOperationException($"Dataset events must come in ascending id order ({previous} then {e.Id}).");
        }

        _previousId = e.Id;
        Write("event", e.Id.ToString("D"), e.UserId?.ToString("D"), e.EventType, e.ObjectType, e.ObjectId, e.Severity,
            Instant(e.Timestamp), e.MetadataJson);
    }

    /// <summary>Adds the features (any order: they are sorted by name here) and returns the hash.</summary>
    public string Finish(IEnumerable<KeyValuePair<string, double>> features)
    {
        foreach (var (name, value) in features.OrderBy(f => f.Key, StringComparer.Ordinal))
        {
            Write("feature", name, value.ToString("R", CultureInfo.InvariantCulture));
        }

        return Convert.ToHexStringLower(_hash.GetHashAndReset());
    }

    public void Dispose() => _hash.Dispose();

    private static string Instant(DateTimeOffset instant) =>
        instant.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.ffffffZ", CultureInfo.InvariantCulture);

    private void Write(string kind, params string?[] fields)
    {
        _line.Clear().Append(kind);
        foreach (var field in fields)
        {
            // null and "" differ: null has no length.
            _line.Append('|');
            if (field is not null)
            {
                _line.Append(field.Length.ToString(CultureInfo.InvariantCulture)).Append(':').Append(field);
            }
        }

        _line.Append('\n');
        _hash.AppendData(Encoding.UTF8.GetBytes(_line.ToString()));
    }
}

/// <summary>PostgreSQL orders uuids by their 16 bytes in RFC 4122 (big-endian) order.</summary>
internal static class UuidOrder
{
    public static int Compare(Guid a, Guid b)
    {
        Span<byte> x = stackalloc byte[16];
        Span<byte> y = stackalloc byte[16];
        a.TryWriteBytes(x, bigEndian: true, out _);
        b.TryWriteBytes(y, bigEndian: true, out _);
        return x.SequenceCompareTo(y);
    }
}
