using System.Globalization;

namespace VectorVue.Seeder;

/// <summary>What to seed: the volume, the seed, the window (weeks ending at the anchor) and where.</summary>
internal sealed record SeedOptions(int Events, long Seed, DateTimeOffset Anchor, int Weeks, string? ConnectionString)
{
    public const int DefaultEvents = 20_000;
    public const long DefaultSeed = 42;
    public const int DefaultWeeks = 8;
    public const int MinEvents = 100;
    public const int MaxEvents = 50_000_000;
    public const string ConnectionVariable = "ConnectionStrings__vectorvue";

    public DateTimeOffset WindowStart => Anchor - TimeSpan.FromDays(7 * Weeks);

    public const string Usage = """
        usage: VectorVue.Seeder [--events N] [--seed N] [--anchor ISO-INSTANT] [--weeks N] [--connection NPGSQL]
          --events      events in total over all demo tenants (default 20000)
          --seed        seed of the generator (default 42)
          --anchor      end of the history, e.g. 2026-11-26T00:00:00Z (default: today's UTC midnight)
          --weeks       length of the history (default 8)
          --connection  Npgsql connection string (default: ConnectionStrings__vectorvue)
        """;

    /// <summary>Reads the command line; the anchor defaults to today's UTC midnight so reruns on one day agree.</summary>
    public static SeedOptions Parse(IReadOnlyList<string> args, TimeProvider timeProvider, Func<string, string?> environment)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < args.Count; i++)
        {
            var name = args[i];
            if (name is not ("--events" or "--seed" or "--anchor" or "--weeks" or "--connection"))
            {
                throw new SeedOptionsException($"Unknown argument '{name}'.");
            }

            if (i + 1 >= args.Count)
            {
                throw new SeedOptionsException($"{name} needs a value.");
            }

            values[name] = args[++i];
        }

        var events = Integer(values, "--events", DefaultEvents);
        if (events is < MinEvents or > MaxEvents)
        {
            throw new SeedOptionsException($"--events must be between {MinEvents} and {MaxEvents}, got {events}.");
        }

        var weeks = Integer(values, "--weeks", DefaultWeeks);
        if (weeks is < 1 or > 104)
        {
            throw new SeedOptionsException($"--weeks must be between 1 and 104, got {weeks}.");
        }

        var seed = values.TryGetValue("--seed", out var seedText)
            ? long.TryParse(seedText, NumberStyles.Integer, CultureInfo.InvariantCulture, out var s)
                ? s : throw new SeedOptionsException($"--seed must be an integer, got '{seedText}'.")
            : DefaultSeed;

        var anchor = values.TryGetValue("--anchor", out var anchorText) && !string.IsNullOrWhiteSpace(anchorText)
            ? ParseAnchor(anchorText)
            : new DateTimeOffset(timeProvider.GetUtcNow().UtcDateTime.Date, TimeSpan.Zero);

        var connection = values.TryGetValue("--connection", out var c) && !string.IsNullOrWhiteSpace(c)
            ? c : environment(ConnectionVariable);
        return new SeedOptions(events, seed, anchor, weeks, string.IsNullOrWhiteSpace(connection) ? null : connection);
    }

    private static int Integer(Dictionary<string, string> values, string name, int fallback) =>
        !values.TryGetValue(name, out var text) ? fallback
        : int.TryParse(text.Replace("_", "", StringComparison.Ordinal), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value)
            ? value : throw new SeedOptionsException($"{name} must be an integer, got '{text}'.");

    /// <summary>An ISO-8601 instant (an offset, or UTC when none is given), or a date meaning its UTC midnight.</summary>
    private static DateTimeOffset ParseAnchor(string text) =>
        DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var anchor)
            ? new DateTimeOffset(anchor.UtcDateTime.Ticks - anchor.UtcDateTime.Ticks % TimeSpan.TicksPerMillisecond, TimeSpan.Zero)
            : throw new SeedOptionsException($"--anchor must be an ISO-8601 instant such as 2026-11-26T00:00:00Z, got '{text}'.");
}

/// <summary>A command line the seeder cannot use; its message says why.</summary>
internal sealed class SeedOptionsException(string message) : Exception(message);
