using System.Globalization;
using VectorVue.DevTokens;

namespace VectorVue.Seeder;

/// <summary>
/// The end of a run: one row per demo tenant (name, id, stored events, a user and a 24-hour development token for
/// that user) and a ready-to-paste request for the tenant analytics summary.
/// </summary>
internal sealed class TokenPrinter(TextWriter output, DevTokenFactory? tokens)
{
    public static readonly TimeSpan TokenLifetime = TimeSpan.FromHours(24);
    public const string SummaryUrl = "http://localhost:5080/api/v1/client/analytics/summary";

    public void Print(SeedPlan plan, IReadOnlyDictionary<Guid, long> counts)
    {
        var rows = plan.Tenants.Select(t => new
        {
            t.Name,
            Id = t.Id.ToString(),
            Events = counts.GetValueOrDefault(t.Id),
            User = t.Users[0].Username,
            Token = tokens?.Create(t.Id, t.Users[0].Username, TokenLifetime) ?? "(no token)",
        }).ToArray();

        var nameWidth = Math.Max("tenant".Length, rows.Max(r => r.Name.Length));
        output.WriteLine();
        output.WriteLine($"{"tenant".PadRight(nameWidth)}  {"id",-36}  {"events",10}  {"user",-9}  token (24 h)");
        foreach (var r in rows)
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{r.Name.PadRight(nameWidth)}  {r.Id,-36}  {r.Events,10:N0}  {r.User,-9}  {r.Token}"));
        }

        output.WriteLine();
        output.WriteLine($"Try the analytics summary as {rows[0].Name}:");
        output.WriteLine($"  curl -s {SummaryUrl} \\");
        output.WriteLine($"    -H 'Authorization: Bearer {rows[0].Token}'");
        if (tokens is null)
        {
            DevTokenSettings.Find(out var problem);
            output.WriteLine($"No tokens. {problem}");
        }
    }
}
