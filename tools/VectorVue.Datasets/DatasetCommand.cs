using Npgsql;

namespace VectorVue.Datasets;

/// <summary>
/// The datasets program (<c>make datasets</c>, <c>make dataset-csv</c>): builds or exports model feature sets
/// against the database of <c>ConnectionStrings__vectorvue</c>, then exits.
/// </summary>
internal static class DatasetCommand
{
    public const string ConnectionVariable = "ConnectionStrings__vectorvue";

    public static async Task<int> RunAsync(IReadOnlyList<string> args, string? connectionString, TimeProvider timeProvider, CancellationToken cancellationToken)
    {
        var (arguments, error) = DatasetArguments.Parse(args);
        if (arguments is null)
        {
            await Console.Error.WriteLineAsync(error + Environment.NewLine + DatasetArguments.Usage);
            return 2;
        }

        if (string.IsNullOrWhiteSpace(connectionString))
        {
            await Console.Error.WriteLineAsync($"No database: set {ConnectionVariable} (the make targets do, for the running local system).");
            return 2;
        }

        // Logs go to stderr: stdout is the table (or the CSV), for pipes.
        using var loggerFactory = LoggerFactory.Create(logging =>
        {
            logging.AddSimpleConsole(o => o.SingleLine = true).AddFilter("Npgsql", LogLevel.Warning);
            logging.Services.Configure<Microsoft.Extensions.Logging.Console.ConsoleLoggerOptions>(
                o => o.LogToStandardErrorThreshold = LogLevel.Trace);
        });
        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        try
        {
            return arguments.Action == "build"
                ? await BuildAsync(arguments, dataSource, loggerFactory, timeProvider, cancellationToken)
                : await ExportAsync(arguments, dataSource, cancellationToken);
        }
        catch (NpgsqlException ex)
        {
            await Console.Error.WriteLineAsync($"Database error: {ex.Message} (is the system running? 'make run')");
            return 1;
        }
    }

    private static async Task<int> BuildAsync(
        DatasetArguments arguments, NpgsqlDataSource dataSource, ILoggerFactory loggerFactory, TimeProvider timeProvider, CancellationToken cancellationToken)
    {
        var builder = new DatasetBuilder(dataSource, loggerFactory.CreateLogger<DatasetBuilder>());
        var end = DatasetWindow.AlignEnd(arguments.End ?? timeProvider.GetUtcNow());
        var tenants = await builder.ActiveTenantsAsync(arguments.TenantId, cancellationToken);
        if (tenants.Count == 0)
        {
            await Console.Error.WriteLineAsync(arguments.TenantId is { } t ? $"No active tenant {t}." : "No active tenant.");
            return 1;
        }

        Console.WriteLine($"{"feature_set_id",-36}  {"tenant_id",-36}  {"window",-6}  {"window_end",-20}  {"events",8}  {"features",8}  {"outcome",-9}  dataset_hash");
        foreach (var tenant in tenants)
        {
            foreach (var window in arguments.Windows)
            {
                var built = await builder.BuildAsync(tenant, window, end, cancellationToken);
                Console.WriteLine(
                    $"{built.Id,-36}  {built.TenantId,-36}  {built.Window,-6}  {built.WindowEnd.UtcDateTime,-20:yyyy-MM-ddTHH:mm:ssZ}  {built.Events,8}  {built.Features,8}  {built.Outcome,-9}  {built.DatasetHash}");
            }
        }

        return 0;
    }

    private static async Task<int> ExportAsync(DatasetArguments arguments, NpgsqlDataSource dataSource, CancellationToken cancellationToken)
    {
        var exporter = new FeatureSetCsvExporter(dataSource);
        var window = arguments.FeatureSetId is null ? arguments.Windows[0].Name : null;
        var end = arguments.End is { } e ? DatasetWindow.AlignEnd(e) : (DateTimeOffset?)null;
        int count;
        if (arguments.Output is { } path)
        {
            await using var file = new StreamWriter(path);
            count = await exporter.ExportAsync(arguments.FeatureSetId, window, end, arguments.TenantId, file, cancellationToken);
            await Console.Error.WriteLineAsync($"{count} feature set(s) written to {path}.");
        }
        else
        {
            count = await exporter.ExportAsync(arguments.FeatureSetId, window, end, arguments.TenantId, Console.Out, cancellationToken);
        }

        if (count == 0)
        {
            await Console.Error.WriteLineAsync("No feature set matched: build them first ('make datasets').");
            return 1;
        }

        return 0;
    }
}
