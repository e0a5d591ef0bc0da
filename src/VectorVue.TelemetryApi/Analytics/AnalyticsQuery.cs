using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Primitives;
using VectorVue.Analytics;

namespace VectorVue.TelemetryApi.Analytics;

/// <summary>What an analytics request asks for: the window and, where the endpoint takes one, the severity scope.</summary>
internal sealed partial record AnalyticsQuery(AnalyticsWindow Window, string Severity)
{
    public const string From = "from";
    public const string To = "to";
    public const string SeverityParameter = "severity";

    private static readonly string ScopeList = string.Join(", ", SeverityScope.All);

    /// <summary>
    /// The earliest and latest instant <c>from</c> and <c>to</c> may name. Inside them every instant is the same
    /// for .NET, Npgsql and PostgreSQL's <c>timestamptz</c> (Npgsql sends DateTimeOffset.MinValue and MaxValue as
    /// <c>-infinity</c> and <c>infinity</c>), and the window's arithmetic — the default <c>from</c> up to 3660 days
    /// before <c>to</c>, the ISO weeks of a trend — stays far from the ends of DateTimeOffset.
    /// </summary>
    public static readonly DateTimeOffset Earliest = new(1970, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <inheritdoc cref="Earliest"/>
    public static readonly DateTimeOffset Latest = new(9999, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>
    /// Reads <c>from</c>, <c>to</c> (ISO-8601 instants or dates, UTC when no offset is given; <c>to</c> defaults
    /// to now, <c>from</c> to <see cref="AnalyticsOptions.DefaultWindowDays"/> days before <c>to</c>) and <c>severity</c> (critical, high, medium,
    /// low or any; <paramref name="defaultSeverity"/> when absent, refused when the endpoint takes none).
    /// </summary>
    /// <returns>The query, or the failing parameters with what is wrong with each.</returns>
    public static (AnalyticsQuery? Query, Dictionary<string, string[]> Errors) Parse(
        IQueryCollection query, string? defaultSeverity, DateTimeOffset now, AnalyticsOptions options)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var from = ReadInstant(query, From, errors);
        var to = ReadInstant(query, To, errors);
        var severity = ReadSeverity(query, defaultSeverity, errors);
        if (errors.Count > 0)
        {
            return (null, errors);
        }

        var end = to ?? now;
        var window = new AnalyticsWindow(from ?? end - TimeSpan.FromDays(options.DefaultWindowDays), end);
        if (window.From >= window.To)
        {
            errors[From] = [$"'from' ({window.From:O}) must be before 'to' ({window.To:O})."];
        }
        else if (window.To - window.From > TimeSpan.FromDays(options.MaxWindowDays))
        {
            errors[From] = [$"The window from 'from' to 'to' may span at most {options.MaxWindowDays} days."];
        }

        return errors.Count > 0 ? (null, errors) : (new AnalyticsQuery(window, severity!), errors);
    }

    private static DateTimeOffset? ReadInstant(IQueryCollection query, string name, Dictionary<string, string[]> errors)
    {
        if (!TrySingle(query, name, errors, out var text))
        {
            return null;
        }

        if (!IsoDate().IsMatch(text!)
            || !DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture,
                DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var instant))
        {
            errors[name] = [$"'{name}' must be an ISO-8601 instant such as 2026-11-01T00:00:00Z or a date such as 2026-11-01."];
            return null;
        }

        if (instant < Earliest || instant > Latest)
        {
            errors[name] = [$"'{name}' must lie between {Earliest:yyyy-MM-ddTHH:mm:ssZ} and {Latest:yyyy-MM-ddTHH:mm:ssZ} (got {instant:O})."];
            return null;
        }

        return instant;
    }

    private static string? ReadSeverity(IQueryCollection query, string? defaultSeverity, Dictionary<string, string[]> errors)
    {
        if (!TrySingle(query, SeverityParameter, errors, out var text))
        {
            return defaultSeverity;
        }

        if (defaultSeverity is null)
        {
            errors[SeverityParameter] = ["This endpoint does not take a severity: it reports every severity (see /mtta, /mttr, /responsiveness, /trend)."];
            return null;
        }

        var severity = text!.Trim().ToLowerInvariant();
        if (SeverityScope.IsKnown(severity))
        {
            return severity;
        }

        errors[SeverityParameter] = [$"'severity' must be one of {ScopeList} (got '{text}')."];
        return null;
    }

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}($|T)")]
    private static partial Regex IsoDate();

    /// <returns>False when the parameter is absent; a repeated or empty parameter is an error.</returns>
    private static bool TrySingle(IQueryCollection query, string name, Dictionary<string, string[]> errors, out string? value)
    {
        value = null;
        if (!query.TryGetValue(name, out StringValues values))
        {
            return false;
        }

        if (values.Count != 1 || string.IsNullOrWhiteSpace(values[0]))
        {
            errors[name] = [$"'{name}' must be given once, with a value."];
            return false;
        }

        value = values[0];
        return true;
    }
}
