using System.Net;
using Microsoft.Extensions.Logging;
using Npgsql;
using StackExchange.Redis;
using VectorVue.Contracts;
using VectorVue.DevTokens;
using VectorVue.IntegrationTests.Infrastructure;

namespace VectorVue.Bench.SystemUnderTest;

/// <summary>
/// The real system, started the way the end-to-end tests start it (local mode, throwaway data directory, ports
/// Aspire chooses) but with the bench profile: rate limits raised to their highest allowed values so they never refuse (the rate-limit script still
/// runs for every request), the high-water mark above the drain backlog, and two worker replicas of which the
/// scenarios run one or both. Everything else — auth, validation, sanitization, AOF — is as in production.
/// </summary>
internal sealed class BenchSystem : IAsyncDisposable
{
    /// <summary>The events stream and consumer group, as the services read them (the AppHost leaves the defaults).</summary>
    private static readonly EventStreamOptions Stream = new();
    private const string WorkerResource = "worker";

    private readonly string _dataDirectory = VectorVueTestApp.NewDataDirectory();
    private readonly string _signingKey = VectorVueTestApp.NewSigningKey();
    private readonly OtlpSink _telemetry = new();
    private DistributedApplication? _app;
    private ConnectionMultiplexer? _redis;
    private string _database = "";
    private readonly Dictionary<string, string> _instances = [];
    private readonly Dictionary<string, CustomResourceSnapshot> _snapshots = [];
    private readonly CancellationTokenSource _stopWatching = new();
    private Task _watching = Task.CompletedTask;

    /// <summary>Settings the services run with (environment), as printed in the report.</summary>
    public static IReadOnlyDictionary<string, string> ServiceSettings { get; } = new Dictionary<string, string>
    {
        ["VectorVue__RateLimiting__UserLimit"] = "10000000",
        ["VectorVue__RateLimiting__TenantLimit"] = "100000000",
        ["VectorVue__Ingestion__QueueHighWaterMark"] = "5000000",
    }.Concat(ExtraEnvironment()).ToDictionary();

    /// <summary>BENCH_SERVICE_ENV="NAME=value;NAME=value": extra environment for the services (A/B experiments).</summary>
    private static IEnumerable<KeyValuePair<string, string>> ExtraEnvironment() =>
        (Environment.GetEnvironmentVariable("BENCH_SERVICE_ENV") ?? "")
            .Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(pair => pair.Split('=', 2))
            .Where(pair => pair.Length == 2)
            .Select(pair => KeyValuePair.Create(pair[0], pair[1]));

    /// <summary>AppHost settings beyond the end-to-end tests' (local mode, ports 0, throwaway data).</summary>
    public static IReadOnlyList<string> HostArgs { get; } = ["--VectorVue:ApiReplicas=1", "--VectorVue:WorkerReplicas=2"];

    public DistributedApplication App => _app ?? throw new InvalidOperationException("not started");

    public IPEndPoint ApiEndpoint { get; private set; } = null!;

    public DevTokenFactory Tokens => new(VectorVueTestApp.TokenSettings(_signingKey), TimeProvider.System);

    public IDatabase Redis => _redis!.GetDatabase();

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        _app = await VectorVueTestApp.StartAsync(_dataDirectory, _signingKey, HostArgs, builder =>
        {
            builder.Services.AddLogging(logging => logging.AddFilter("Aspire.Hosting.Testing", LogLevel.Error)
                .AddFilter("Aspire.Hosting", LogLevel.Error)
                .AddFilter("Microsoft.Extensions.Diagnostics.HealthChecks", LogLevel.None)
                .AddFilter("VectorVue.AppHost.Resources", LogLevel.Error));
            foreach (var project in builder.Resources.OfType<ProjectResource>())
            {
                // Telemetry is exported as in production, to a receiver that takes it (see OtlpSink).
                builder.CreateResourceBuilder(project)
                    .WithEnvironment("OTEL_EXPORTER_OTLP_ENDPOINT", _telemetry.Endpoint)
                    .WithEnvironment("OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf");
                foreach (var (name, value) in ServiceSettings)
                {
                    builder.CreateResourceBuilder(project).WithEnvironment(name, value);
                }
            }
        }, cancellationToken);

        _watching = WatchInstancesAsync(_stopWatching.Token);
        using (var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30)))
        {
            while (WorkerInstances().Count < 2 || InstancesOf("telemetry-api").Count < 1)
            {
                await Task.Delay(50, timeout.Token);
            }
        }

        var api = _app.GetEndpoint("telemetry-api", "http");
        ApiEndpoint = new IPEndPoint(IPAddress.Loopback, api.Port);
        var server = await _app.GetConnectionStringAsync("postgres", cancellationToken);
        _database = new NpgsqlConnectionStringBuilder(server) { Database = "vectorvue", MaxPoolSize = 4 }.ConnectionString;
        var redis = await _app.GetConnectionStringAsync("redis", cancellationToken);
        _redis = await ConnectionMultiplexer.ConnectAsync(redis!);
    }

    public async Task<NpgsqlConnection> OpenDatabaseAsync()
    {
        var connection = new NpgsqlConnection(_database);
        await connection.OpenAsync();
        return connection;
    }

    /// <summary>Fresh tenants with users of their own, one token per user: a scenario's rows are its own.</summary>
    public async Task<Tenancy> CreateTenancyAsync(int tenants, int usersPerTenant)
    {
        var tenantIds = new List<Guid>();
        var tokens = new List<string>();
        await using var connection = await OpenDatabaseAsync();
        await using var batch = new NpgsqlBatch(connection);
        for (var t = 0; t < tenants; t++)
        {
            var tenantId = Guid.NewGuid();
            tenantIds.Add(tenantId);
            batch.BatchCommands.Add(new NpgsqlBatchCommand("INSERT INTO tenants (id, name) VALUES ($1, $2)")
            {
                Parameters = { new() { Value = tenantId }, new() { Value = "Bench tenant " + tenantId } },
            });
            for (var u = 0; u < usersPerTenant; u++)
            {
                var username = $"bench-user-{u}";
                batch.BatchCommands.Add(new NpgsqlBatchCommand("INSERT INTO users (id, tenant_id, username) VALUES ($1, $2, $3)")
                {
                    Parameters = { new() { Value = Guid.NewGuid() }, new() { Value = tenantId }, new() { Value = username } },
                });
                tokens.Add(Tokens.Create(tenantId, username, TimeSpan.FromHours(2)));
            }
        }

        await batch.ExecuteNonQueryAsync();
        // Interleave tenants, so that consecutive requests of one connection go to different tenants and users.
        var interleaved = Enumerable.Range(0, usersPerTenant)
            .SelectMany(u => Enumerable.Range(0, tenants).Select(t => tokens[t * usersPerTenant + u])).ToList();
        return new Tenancy(tenantIds, interleaved);
    }

    /// <summary>The worker instances (replicas) by resource id.</summary>
    public IReadOnlyList<string> WorkerInstances() => InstancesOf(WorkerResource);

    /// <summary>The instance ids (one per replica) Aspire has reported for a resource.</summary>
    private List<string> InstancesOf(string resource)
    {
        lock (_instances)
        {
            return [.. _instances.Where(i => i.Value == resource).Select(i => i.Key).Order(StringComparer.Ordinal)];
        }
    }

    private async Task WatchInstancesAsync(CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var update in App.ResourceNotifications.WatchAsync(cancellationToken))
            {
                lock (_instances)
                {
                    _instances[update.ResourceId] = update.Resource.Name;
                    _snapshots[update.ResourceId] = update.Snapshot;
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    /// <summary>
    /// Stops every running worker instance, one at a time, through Aspire's stop command (a graceful shutdown). On a
    /// busy machine DCP can give up waiting for the exit; then the bench waits for the exit itself and, failing that,
    /// ends the process hard (the audit shows that this loses nothing).
    /// </summary>
    public async Task StopWorkersAsync()
    {
        var commands = App.Services.GetRequiredService<ResourceCommandService>();
        foreach (var instance in WorkerInstances())
        {
            if (IsStopped(instance))
            {
                continue;
            }

            var pid = ProcessIdOf(instance);
            var result = await commands.ExecuteCommandAsync(instance, KnownResourceCommands.StopCommand);
            if (!result.Success)
            {
                Console.WriteLine($"bench: stopping {instance}: {result.Message}; waiting for its exit");
                using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(20));
                while (ProcessWatch.IsAlive(pid) && !grace.IsCancellationRequested)
                {
                    await Task.Delay(100, CancellationToken.None);
                }

                foreach (var process in ProcessWatch.Tree(pid))
                {
                    try
                    {
                        using var stuck = System.Diagnostics.Process.GetProcessById(process);
                        stuck.Kill();
                        Console.WriteLine($"bench: {instance} (pid {process}) did not exit; killed");
                    }
                    catch (Exception ex) when (ex is ArgumentException or InvalidOperationException)
                    {
                    }
                }
            }

            await WaitForInstanceAsync(instance, snapshot => IsStoppedState(snapshot.State?.Text));
        }
    }

    private bool IsStopped(string instance) => SnapshotOf(instance) is { } snapshot && IsStoppedState(snapshot.State?.Text);

    private CustomResourceSnapshot? SnapshotOf(string instance)
    {
        lock (_instances)
        {
            return _snapshots.GetValueOrDefault(instance);
        }
    }

    private async Task WaitForInstanceAsync(string instance, Func<CustomResourceSnapshot, bool> condition)
    {
        using var timeout = new CancellationTokenSource(TestTimeouts.Startup);
        while (SnapshotOf(instance) is not { } snapshot || !condition(snapshot))
        {
            await Task.Delay(50, timeout.Token);
        }
    }

    private static bool IsStoppedState(string? state) => state is "Exited" or "Finished" or "Stopped" or "FailedToStart";

    /// <summary>Starts the first <paramref name="count"/> worker instances and waits until they are healthy.</summary>
    public async Task StartWorkersAsync(int count)
    {
        var commands = App.Services.GetRequiredService<ResourceCommandService>();
        foreach (var instance in WorkerInstances().Take(count))
        {
            Ensure(await commands.ExecuteCommandAsync(instance, KnownResourceCommands.StartCommand), "start", instance);
        }

        foreach (var instance in WorkerInstances().Take(count))
        {
            await WaitForInstanceAsync(instance, snapshot =>
                snapshot.HealthStatus == Microsoft.Extensions.Diagnostics.HealthChecks.HealthStatus.Healthy
                && snapshot.State?.Text == KnownResourceStates.Running);
        }
    }

    /// <summary>The operating-system process id Aspire reports for a resource instance.</summary>
    public int ProcessIdOf(string resourceId)
    {
        var snapshot = SnapshotOf(resourceId) ?? throw new InvalidOperationException($"no state for {resourceId}");
        var pid = snapshot.Properties.FirstOrDefault(p => p.Name.EndsWith(".pid", StringComparison.Ordinal))?.Value;
        return pid switch
        {
            int value => value,
            long value => (int)value,
            string text when int.TryParse(text, out var value) => value,
            _ => throw new InvalidOperationException($"{resourceId} reports no process id"),
        };
    }

    public string ApiInstance => InstancesOf("telemetry-api").Single();

    public string PostgresInstance => InstancesOf("postgres").Single();

    public string RedisInstance => InstancesOf("redis").Single();

    /// <summary>Waits until every stream entry has been delivered to the group and acknowledged.</summary>
    public async Task WaitForDrainedAsync(TimeSpan within)
    {
        using var timeout = new CancellationTokenSource(within);
        while (!(await GroupProgressAsync()).Drained)
        {
            await Task.Delay(50, timeout.Token);
        }
    }

    /// <summary>The group's last delivered entry and pending count against the stream's newest entry.</summary>
    public async Task<GroupProgress> GroupProgressAsync()
    {
        var stream = await Redis.StreamInfoAsync(Stream.StreamKey);
        var group = (await Redis.StreamGroupInfoAsync(Stream.StreamKey)).Single(g => g.Name == Stream.ConsumerGroup);
        return new GroupProgress(group.LastDeliveredId ?? "", group.PendingMessageCount, stream.LastGeneratedId.ToString());
    }

    private IResource ResourceOf(string name) =>
        App.Services.GetRequiredService<DistributedApplicationModel>().Resources.Single(r => r.Name == name);

    private static void Ensure(ExecuteCommandResult result, string command, string resource)
    {
        if (!result.Success)
        {
            throw new InvalidOperationException($"{command} {resource}: {result.Message}");
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stopWatching.CancelAsync();
        await _watching;
        _stopWatching.Dispose();
        if (_redis is not null)
        {
            await _redis.DisposeAsync();
        }

        if (_app is not null)
        {
            await _app.StopAsync().WaitAsync(TestTimeouts.Shutdown);
            await _app.DisposeAsync();
        }

        await _telemetry.DisposeAsync();
        VectorVueTestApp.DeleteDataDirectory(_dataDirectory);
    }
}

/// <summary>Where the consumer group stands.</summary>
internal sealed record GroupProgress(string LastDeliveredId, long Pending, string LastGeneratedId)
{
    public bool Drained => Pending == 0 && LastDeliveredId == LastGeneratedId;
}

/// <summary>A scenario's own tenants and the tokens of their users (interleaved across tenants).</summary>
internal sealed record Tenancy(IReadOnlyList<Guid> TenantIds, IReadOnlyList<string> Tokens);
