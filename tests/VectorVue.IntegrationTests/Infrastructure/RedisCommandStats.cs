using StackExchange.Redis;

namespace VectorVue.IntegrationTests.Infrastructure;

/// <summary>How often Redis has run a command since it started (<c>INFO commandstats</c>).</summary>
internal static class RedisCommandStats
{
    public static async Task<long> CallsAsync(IDatabase db, string command)
    {
        var info = (string)(await db.ExecuteAsync("INFO", "commandstats"))!;
        var line = info.Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.StartsWith($"cmdstat_{command}:calls=", StringComparison.Ordinal));
        return line is null ? 0 : long.Parse(line.Split(',')[0].Split('=')[1], System.Globalization.CultureInfo.InvariantCulture);
    }
}
