namespace VectorVue.AppHost.Infrastructure.Local;

/// <summary>Finds the PostgreSQL and Redis programs local mode runs, or says exactly how to install them.</summary>
internal static class LocalBinaries
{
    public static string FindPostgresBinDirectory(string? configured)
    {
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return File.Exists(Path.Combine(configured, "postgres"))
                ? configured
                : throw Missing($"VectorVue:Local:PostgresBinDirectory '{configured}' holds no 'postgres' program.", "postgresql");
        }

        var onPath = FindOnPath("postgres");
        if (onPath is not null && File.Exists(Path.Combine(Path.GetDirectoryName(onPath)!, "initdb")))
        {
            return Path.GetDirectoryName(onPath)!;
        }

        // Debian and Ubuntu keep the server programs out of PATH, one folder per major version.
        const string debianRoot = "/usr/lib/postgresql";
        var newest = Directory.Exists(debianRoot)
            ? Directory.GetDirectories(debianRoot)
                .Select(dir => (Dir: Path.Combine(dir, "bin"), Version: int.TryParse(Path.GetFileName(dir), out var v) ? v : -1))
                .Where(x => File.Exists(Path.Combine(x.Dir, "postgres")))
                .OrderByDescending(x => x.Version)
                .Select(x => x.Dir)
                .FirstOrDefault()
            : null;
        return newest ?? throw Missing("PostgreSQL server programs (postgres, initdb) were not found.", "postgresql");
    }

    public static string FindRedisServer(string? configured)
    {
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return File.Exists(configured)
                ? configured
                : throw Missing($"VectorVue:Local:RedisServerPath '{configured}' does not exist.", "redis-server");
        }

        return FindOnPath("redis-server") ?? throw Missing("redis-server was not found on PATH.", "redis-server");
    }

    /// <summary><c>redis-cli</c> (which forms the local cluster): beside <paramref name="redisServer"/>, else on PATH.</summary>
    public static string FindRedisCli(string redisServer)
    {
        var beside = Path.Combine(Path.GetDirectoryName(redisServer)!, "redis-cli");
        return File.Exists(beside)
            ? beside
            : FindOnPath("redis-cli") ?? throw Missing("redis-cli (which forms the local Redis Cluster) was not found beside redis-server or on PATH.", "redis-tools");
    }

    private static string? FindOnPath(string program) =>
        (Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, program))
            .FirstOrDefault(File.Exists);

    private static InvalidOperationException Missing(string what, string package) => new(
        $"{what} Local infrastructure mode runs the machine's own servers. Install them with " +
        $"'sudo apt-get install -y {package}' (Debian/Ubuntu), run 'make prerequisites', or choose another mode " +
        "with VectorVue:Infrastructure=containers|external.");
}
