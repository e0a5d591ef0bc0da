using System.Globalization;
using StackExchange.Redis;
using VectorVue.Contracts;

namespace VectorVue.Worker.Acknowledging;

/// <summary>
/// What an entry counts for in its shard's queued-events counter: its <see cref="StreamFields.Count"/> field — what
/// whoever added it (the API, a re-drive) added to the counter — or 1 for an entry without one (written before the
/// field existed: one event each). Read from the field, never from the decoded events, so an entry is subtracted
/// exactly what was added for it, whatever it holds.
/// </summary>
internal static class CountedEvents
{
    public static long Of(NameValueEntry[] fields)
    {
        foreach (var field in fields)
        {
            if (field.Name == StreamFields.Count)
            {
                return long.TryParse((string?)field.Value, NumberStyles.None, CultureInfo.InvariantCulture, out var count) && count > 0
                    ? count
                    : 1;
            }
        }

        return 1;
    }
}
