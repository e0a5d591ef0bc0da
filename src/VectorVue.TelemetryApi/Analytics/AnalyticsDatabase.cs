using Microsoft.Extensions.Options;
using Npgsql;

namespace VectorVue.TelemetryApi.Analytics;

/// <summary>
/// The analytics queries' own connection pool (docs/analytics.md, "Parameters and answers"): at most
/// <see cref="AnalyticsOptions.MaxConnections"/> connections with <see cref="AnalyticsOptions.CommandTimeout"/>, named
/// <see cref="ApplicationName"/> in <c>pg_stat_activity</c>. A burst of slow summaries waits for these connections
/// and cannot take the ones the tenant look-ups of ingestion need, nor more of PostgreSQL's <c>max_connections</c>.
/// </summary>
internal static class AnalyticsDatabase
{
    /// <summary>The service key of the analytics <see cref="NpgsqlDataSource"/>.</summary>
    public const string ServiceKey = "analytics";

    /// <summary>The <c>application_name</c> of the analytics connections.</summary>
    public const string ApplicationName = "vectorvue-analytics";

    /// <summary>Registers the analytics data source on the database <paramref name="connectionName"/> names.</summary>
    public static IServiceCollection AddAnalyticsDatabase(this IServiceCollection services, string connectionName) =>
        services.AddKeyedSingleton(ServiceKey, (provider, _) => Create(
            provider.GetRequiredService<IConfiguration>().GetConnectionString(connectionName)
                ?? throw new InvalidOperationException($"ConnectionStrings:{connectionName} is missing."),
            provider.GetRequiredService<IOptions<AnalyticsOptions>>().Value,
            provider.GetService<ILoggerFactory>()));

    private static NpgsqlDataSource Create(string connectionString, AnalyticsOptions options, ILoggerFactory? loggerFactory)
    {
        var builder = new NpgsqlDataSourceBuilder(connectionString) { Name = ApplicationName };
        builder.ConnectionStringBuilder.ApplicationName = ApplicationName;
        builder.ConnectionStringBuilder.MaxPoolSize = options.MaxConnections;
        builder.ConnectionStringBuilder.MinPoolSize = Math.Min(builder.ConnectionStringBuilder.MinPoolSize, options.MaxConnections);
        builder.ConnectionStringBuilder.CommandTimeout = (int)Math.Ceiling(options.CommandTimeout.TotalSeconds);
        builder.UseLoggerFactory(loggerFactory);
        return builder.Build();
    }
}
