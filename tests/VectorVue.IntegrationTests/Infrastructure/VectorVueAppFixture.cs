using System.Net.Http.Headers;
using Npgsql;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;
using VectorVue.Contracts;
using VectorVue.DevTokens;

namespace VectorVue.IntegrationTests.Infrastructure;

/// <summary>One started VectorVue system shared by every test of the <see cref="SharedAppGroup"/>.</summary>
public class VectorVueAppFixture : IAsyncLifetime
{
    public static readonly Guid DemoTenantId = Guid.Parse("a11ce000-0000-4000-8000-000000000001");
    public static readonly Guid DemoUserId = Guid.Parse("a11ce000-0000-4000-8000-0000000000a1");

    private readonly string _dataDirectory = VectorVueTestApp.NewDataDirectory();
    private string? _databaseConnectionString;
    private ConnectionMultiplexer? _redis;

    /// <summary>The events stream and consumer group, as the services read them (the AppHost leaves the defaults).</summary>
    public static EventStreamOptions Stream { get; } = new();

    private StreamShards? _layout;

    /// <summary>The queue's shards in this system (<c>VectorVue:Stream:Shards</c>, 1 unless a fixture sets more).</summary>
    public StreamShards Layout => _layout ??= new StreamShards(new EventStreamOptions { Shards = Shards });

    /// <summary>How many shards the services are configured with.</summary>
    protected virtual int Shards => 1;

    public string SigningKey { get; } = VectorVueTestApp.NewSigningKey();

    public DistributedApplication App { get; private set; } = null!;

    /// <summary>The system's throwaway local data directory (server data, generated passwords, the worker's admin key).</summary>
    public string DataDirectory => _dataDirectory;

    /// <summary>The key, issuer and audience the shared app's API accepts.</summary>
    public DevTokenSettings TokenSettings => VectorVueTestApp.TokenSettings(SigningKey);

    public DevTokenFactory Tokens => new(TokenSettings, TimeProvider.System);

    /// <summary>The tenant ceiling the shared app runs with (low, so a test can reach it).</summary>
    public const int TenantLimit = 300;

    public const int UserLimit = 120;

    /// <summary>API processes of the shared app: each has its own connection pools and its own parse budgets.</summary>
    public const int ApiReplicas = 2;

    /// <summary>The parse budget the shared app runs with: one full batch (the lowest the API allows), so a test can spend it.</summary>
    public const int ParseBudgetBytes = 512 * 1024;

    /// <summary>Analytics requests per tenant per <see cref="AnalyticsRequestWindow"/> (low, so a test can reach it).</summary>
    public const int AnalyticsRequestLimit = 40;

    /// <summary>Long enough that no test's requests slide out of the window while it runs.</summary>
    public static readonly TimeSpan AnalyticsRequestWindow = TimeSpan.FromMinutes(10);

    /// <summary>The analytics pool of each API process (tiny, so a test can fill it).</summary>
    public const int AnalyticsMaxConnections = 2;

    /// <summary>Everything the services export over OTLP: what the dashboard would store.</summary>
    public OtlpCapture Telemetry { get; } = new();

    /// <summary>Every console line the services print.</summary>
    public ResourceLogCapture ConsoleLogs { get; } = new();

    /// <summary>AppHost arguments beyond the test defaults.</summary>
    protected virtual string[] ExtraArgs => [$"--VectorVue:ApiReplicas={ApiReplicas}", "--VectorVue:WorkerReplicas=2"];

    /// <summary>Settings handed to every service as environment variables.</summary>
    protected virtual IReadOnlyDictionary<string, string> ServiceSettings => new Dictionary<string, string>
    {
        ["VectorVue__RateLimiting__TenantLimit"] = TenantLimit.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["VectorVue__RateLimiting__UserLimit"] = UserLimit.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["VectorVue__RateLimiting__ParseBudgetBytes"] = ParseBudgetBytes.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["VectorVue__Analytics__RequestLimit"] = AnalyticsRequestLimit.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["VectorVue__Analytics__RequestWindow"] = AnalyticsRequestWindow.ToString(),
        ["VectorVue__Analytics__MaxConnections"] = AnalyticsMaxConnections.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    /// <summary>Settings handed to the worker only, beyond <see cref="ServiceSettings"/>.</summary>
    protected virtual IReadOnlyDictionary<string, string> WorkerSettings => new Dictionary<string, string>();

    public async Task InitializeAsync() =>
        App = await VectorVueTestApp.StartAsync(
            _dataDirectory,
            SigningKey,
            extraArgs: ExtraArgs,
            configure: builder =>
            {
                builder.Services.AddLogging(logging => logging
                    .AddProvider(ConsoleLogs)
                    .AddFilter<ResourceLogCapture>(category => true));
                foreach (var project in builder.Resources.OfType<ProjectResource>())
                {
                    builder.CreateResourceBuilder(project)
                        .WithEnvironment("OTEL_EXPORTER_OTLP_ENDPOINT", Telemetry.Endpoint)
                        .WithEnvironment("OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf")
                        .WithEnvironment("OTEL_BSP_SCHEDULE_DELAY", "200")
                        .WithEnvironment("OTEL_BLRP_SCHEDULE_DELAY", "200")
                        .WithEnvironment("OTEL_METRIC_EXPORT_INTERVAL", "1000");
                    foreach (var (name, value) in project.Name == "worker" ? ServiceSettings.Concat(WorkerSettings) : ServiceSettings)
                    {
                        builder.CreateResourceBuilder(project).WithEnvironment(name, value);
                    }
                }
            });

    public async Task DisposeAsync()
    {
        if (_redis is not null)
        {
            await _redis.DisposeAsync();
        }

        if (App is not null)
        {
            await App.StopAsync().WaitAsync(TestTimeouts.Shutdown);
            await App.DisposeAsync();
        }

        await Telemetry.DisposeAsync();

        VectorVueTestApp.DeleteDataDirectory(_dataDirectory);
    }

    public HttpClient CreateApiClient(string? token = null) => CreateClient("telemetry-api", token);

    /// <summary>The worker's internal endpoint, with its admin key as bearer token when one is given.</summary>
    public HttpClient CreateWorkerClient(string? adminKey = null) => CreateClient("worker", adminKey);

    private HttpClient CreateClient(string resource, string? bearer)
    {
        var client = App.CreateHttpClient(resource, "http");
        client.Timeout = TestTimeouts.Request;
        if (bearer is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        }

        return client;
    }

    /// <summary>The key the AppHost gave the worker for its admin endpoints (parameter <c>worker-admin-key</c>).</summary>
    public async Task<string> GetWorkerAdminKeyAsync()
    {
        var parameter = App.Services.GetRequiredService<DistributedApplicationModel>().Resources
            .OfType<ParameterResource>().Single(r => r.Name == "worker-admin-key");
        return (await parameter.GetValueAsync(CancellationToken.None).AsTask().WaitAsync(TestTimeouts.Request))!;
    }

    public string TokenFor(Guid tenantId, string? username = null) =>
        Tokens.Create(tenantId, username, TimeSpan.FromHours(1));

    /// <summary>The <c>vectorvue</c> database, as the services see it.</summary>
    public async Task<string> GetDatabaseConnectionStringAsync()
    {
        if (_databaseConnectionString is null)
        {
            var server = await App.GetConnectionStringAsync("postgres").AsTask().WaitAsync(TestTimeouts.Request);
            _databaseConnectionString = new NpgsqlConnectionStringBuilder(server) { Database = "vectorvue" }.ConnectionString;
        }

        return _databaseConnectionString;
    }

    public async Task<NpgsqlConnection> OpenDatabaseAsync()
    {
        var connection = new NpgsqlConnection(await GetDatabaseConnectionStringAsync());
        await connection.OpenAsync().WaitAsync(TestTimeouts.Request);
        return connection;
    }

    /// <summary>Adds a tenant without a user, as an operator would.</summary>
    public async Task InsertTenantAsync(Guid tenantId)
    {
        await using var connection = await OpenDatabaseAsync();
        await using var command = new NpgsqlCommand("INSERT INTO tenants (id, name) VALUES ($1, $2)", connection)
        {
            Parameters = { new() { Value = tenantId }, new() { Value = "Tenant " + tenantId } },
        };
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>A fresh tenant (and user) of the test's own, so tests never see each other's rows.</summary>
    public async Task<(Guid TenantId, Guid UserId, string Username)> CreateTenantAsync(bool active = true)
    {
        var tenantId = Guid.NewGuid();
        var userId = Guid.NewGuid();
        var username = "user-" + userId.ToString("N")[..8];
        await using var connection = await OpenDatabaseAsync();
        await using var batch = new NpgsqlBatch(connection)
        {
            BatchCommands =
            {
                new NpgsqlBatchCommand("INSERT INTO tenants (id, name, is_active) VALUES ($1, $2, $3)")
                {
                    Parameters = { new() { Value = tenantId }, new() { Value = "Test tenant " + tenantId }, new() { Value = active } },
                },
                new NpgsqlBatchCommand("INSERT INTO users (id, tenant_id, username) VALUES ($1, $2, $3)")
                {
                    Parameters = { new() { Value = userId }, new() { Value = tenantId }, new() { Value = username } },
                },
            },
        };
        await batch.ExecuteNonQueryAsync();
        return (tenantId, userId, username);
    }

    /// <summary>A connection to the system's Redis (the queue).</summary>
    public async Task<IConnectionMultiplexer> ConnectRedisAsync()
    {
        if (_redis is null)
        {
            var connectionString = await App.GetConnectionStringAsync("redis").AsTask().WaitAsync(TestTimeouts.Request);
            _redis = await ConnectionMultiplexer.ConnectAsync(connectionString!).WaitAsync(TestTimeouts.Request);
        }

        return _redis;
    }

    /// <summary>Waits (bounded) until the worker has read and acknowledged every entry of every shard's stream.</summary>
    public async Task WaitForQueueDrainedAsync(TimeSpan? within = null)
    {
        var db = (await ConnectRedisAsync()).GetDatabase();
        using var timeout = new CancellationTokenSource(within ?? TestTimeouts.Delivery);
        foreach (var key in Layout.StreamKeys)
        {
            while (true)
            {
                var stream = await db.StreamInfoAsync(key);
                var group = (await db.StreamGroupInfoAsync(key)).Single(g => g.Name == Stream.ConsumerGroup);
                if (group.PendingMessageCount == 0 && group.LastDeliveredId == stream.LastGeneratedId)
                {
                    break;
                }

                await Task.Delay(100, timeout.Token);
            }
        }
    }

    /// <summary>
    /// The delivery audit: once the queue is drained, the ids that got 202 are exactly the stored ids of the
    /// tenant (no loss, no duplicates), apart from the ones deliberately made undeliverable, which are dead letters;
    /// and <c>event_receipts</c> holds exactly the stored ids too (one receipt per stored event, under redelivery).
    /// </summary>
    /// <param name="tenantId">The test's own tenant.</param>
    /// <param name="accepted">The ids that got 202.</param>
    /// <param name="undeliverable">The ids the test made undeliverable on purpose.</param>
    /// <param name="unanswered">
    /// Requests that got no 202 but may have reached Redis (the connection or Redis died before the answer): at most
    /// this many stored events may lack a 202. Zero unless the test kills something on the request path.
    /// </param>
    public async Task AuditAsync(
        Guid tenantId, IReadOnlyCollection<Guid> accepted, IReadOnlyCollection<Guid>? undeliverable = null, int unanswered = 0)
    {
        await WaitForQueueDrainedAsync(TimeSpan.FromMinutes(2));
        Assert.Equal(accepted.Count, accepted.Distinct().Count());

        await using var connection = await OpenDatabaseAsync();
        var stored = await ReadIdsAsync(connection, "SELECT id FROM client_activity_events WHERE tenant_id = $1", tenantId);
        var deadLetters = await ReadIdsAsync(connection, "SELECT event_id FROM dead_letters WHERE tenant_id = $1 AND redriven_at IS NULL", tenantId);

        var expectedStored = accepted.Except(undeliverable ?? []).ToHashSet();
        Assert.Equal(stored.Count, stored.Distinct().Count());
        var lost = expectedStored.Except(stored).ToList();
        var unexpected = stored.Except(expectedStored).ToList();
        Assert.True(lost.Count == 0 && unexpected.Count <= unanswered,
            $"audit: {accepted.Count} accepted, {stored.Count} stored, {lost.Count} lost (e.g. {string.Join(", ", lost.Take(3))}), {unexpected.Count} unexpected");
        Assert.Equal((undeliverable ?? []).ToHashSet(), deadLetters.ToHashSet());

        // Every stored event has its receipt and every receipt its event: the receipts decide what is new.
        var receipts = await ReadIdsAsync(connection, "SELECT event_id FROM event_receipts WHERE tenant_id = $1", tenantId);
        Assert.True(receipts.ToHashSet().SetEquals(stored),
            $"receipts: {stored.Count} stored, {receipts.Count} receipts, {stored.Except(receipts).Count()} without one, {receipts.Except(stored).Count()} without an event");
    }

    private static async Task<List<Guid>> ReadIdsAsync(NpgsqlConnection connection, string sql, Guid tenantId)
    {
        await using var command = new NpgsqlCommand(sql, connection) { Parameters = { new() { Value = tenantId } } };
        await using var reader = await command.ExecuteReaderAsync();
        var ids = new List<Guid>();
        while (await reader.ReadAsync())
        {
            ids.Add(reader.GetGuid(0));
        }

        return ids;
    }

    /// <summary>Runs the migration service once as a process.</summary>
    public async Task<(int ExitCode, string Output)> RunMigrationServiceAsync(
        IEnumerable<string> args, string? connectionString = null, TimeSpan? timeout = null)
    {
        var project = App.Services.GetRequiredService<DistributedApplicationModel>().Resources
            .OfType<ProjectResource>().Single(r => r.Name == "migrations");
        return await ProjectProcess.RunAsync(
            project.GetProjectMetadata().ProjectPath,
            args,
            new Dictionary<string, string?>
            {
                ["ConnectionStrings__vectorvue"] = connectionString ?? await GetDatabaseConnectionStringAsync(),
                ["DOTNET_ENVIRONMENT"] = "Production",
            },
            timeout ?? TestTimeouts.Process);
    }

    /// <summary>Runs one of the dashboard's resource commands (start, stop, re-drive…) and checks it succeeded.</summary>
    public async Task RunCommandAsync(string resourceName, string command)
    {
        var resource = App.Services.GetRequiredService<DistributedApplicationModel>().Resources.Single(r => r.Name == resourceName);
        var result = await App.Services.GetRequiredService<ResourceCommandService>()
            .ExecuteCommandAsync(resource, command).WaitAsync(TestTimeouts.Startup);
        Assert.True(result.Success, $"{command} on {resourceName}: {result.Message}");
    }

    /// <summary>Waits (bounded) until a condition on the database holds.</summary>
    public async Task<T> WaitForDatabaseAsync<T>(Func<NpgsqlConnection, Task<T>> probe, Func<T, bool> done)
    {
        using var timeout = new CancellationTokenSource(TestTimeouts.Delivery);
        await using var connection = await OpenDatabaseAsync();
        while (true)
        {
            var value = await probe(connection);
            if (done(value))
            {
                return value;
            }

            await Task.Delay(100, timeout.Token);
        }
    }
}

[CollectionDefinition(Name)]
public sealed class SharedAppGroup : ICollectionFixture<VectorVueAppFixture>
{
    public const string Name = "VectorVue app";
}
