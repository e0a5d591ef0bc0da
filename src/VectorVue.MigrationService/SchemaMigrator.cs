using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.Options;
using VectorVue.MigrationService.Data;
using VectorVue.MigrationService.Roles;

namespace VectorVue.MigrationService;

/// <summary>
/// Applies the migrations up to the configured target (forward only), makes sure the event table has its monthly
/// partitions, gives the services' roles exactly their privileges once the schema is complete, seeds the demo tenant when asked, then stops the host. A failure is logged
/// with what failed and turns into a non-zero exit code.
/// </summary>
internal sealed partial class SchemaMigrator(
    IServiceProvider services,
    IHostApplicationLifetime lifetime,
    IOptions<MigrationOptions> options,
    ServiceRoleProvisioner roles,
    TimeProvider timeProvider,
    ILogger<SchemaMigrator> logger) : BackgroundService
{
    public static readonly ActivitySource ActivitySource = new("VectorVue.MigrationService");

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var activity = ActivitySource.StartActivity("Migrating database", ActivityKind.Client);
        try
        {
            await using var scope = services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<TelemetryDbContext>();
            await EnsureDatabaseAsync(db, stoppingToken);
            await using (await MigrationLock.AcquireAsync(db.Database.GetConnectionString()!, logger, stoppingToken))
            {
                await MigrateAsync(db, stoppingToken);
                await EventPartitions.EnsureAsync(db, timeProvider, logger, stoppingToken);
                await ProvisionRolesAsync(db, stoppingToken);
                if (options.Value.SeedDemoTenant)
                {
                    await DemoTenantSeeder.SeedAsync(db, timeProvider, stoppingToken);
                    LogDemoTenantReady(logger, DemoTenant.TenantId, DemoTenant.Username);
                }
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
        {
            activity?.AddException(ex);
            activity?.SetStatus(ActivityStatusCode.Error, ex.Message);
            var reason = ex.GetBaseException().Message;
            LogMigrationFailed(logger, ex, reason);
            Environment.ExitCode = 1;
        }
        finally
        {
            lifetime.StopApplication();
        }
    }

    /// <summary>
    /// Creates the database when it is missing (local mode; in Azure infra/ creates it), before the migration lock,
    /// which lives in it. Another migrator creating it at the same moment is fine.
    /// </summary>
    private static async Task EnsureDatabaseAsync(TelemetryDbContext db, CancellationToken cancellationToken)
    {
        var creator = db.GetService<IRelationalDatabaseCreator>();
        if (await creator.ExistsAsync(cancellationToken))
        {
            return;
        }

        try
        {
            await creator.CreateAsync(cancellationToken);
        }
        catch (Npgsql.PostgresException ex) when (ex.SqlState == Npgsql.PostgresErrorCodes.DuplicateDatabase)
        {
            // Created by a concurrent migrator.
        }
    }

    private async Task MigrateAsync(TelemetryDbContext db, CancellationToken cancellationToken)
    {
        var known = db.Database.GetMigrations().ToList();
        var target = MigrationTargetResolver.Resolve(options.Value.Target, known) ?? known[^1];

        var strategy = db.Database.CreateExecutionStrategy();
        await strategy.ExecuteAsync(async ct =>
        {
            var applied = (await db.Database.GetAppliedMigrationsAsync(ct)).ToHashSet(StringComparer.Ordinal);
            if (applied.Contains(target))
            {
                LogAlreadyApplied(logger, target, applied.Count);
                return;
            }

            var pending = known
                .Where(id => !applied.Contains(id) && string.CompareOrdinal(id, target) <= 0)
                .ToList();
            LogApplying(logger, pending.Count, target);
            var migrator = db.GetInfrastructure().GetRequiredService<IMigrator>();
            await migrator.MigrateAsync(target, ct);
            var appliedNow = string.Join(", ", pending);
            LogApplied(logger, appliedNow);
        }, cancellationToken);
    }

    /// <summary>The roles' privileges name every table of the complete schema: a partial target leaves them as they are.</summary>
    private async Task ProvisionRolesAsync(TelemetryDbContext db, CancellationToken cancellationToken)
    {
        if ((await db.Database.GetPendingMigrationsAsync(cancellationToken)).Any())
        {
            LogRolesLeftForCompleteSchema(logger);
            return;
        }

        await roles.ApplyAsync(db.Database.GetConnectionString()!, cancellationToken);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Schema is up to date: {Target} already applied ({AppliedCount} migrations)")]
    private static partial void LogAlreadyApplied(ILogger logger, string target, int appliedCount);

    [LoggerMessage(Level = LogLevel.Information, Message = "Applying {PendingCount} migration(s) up to {Target}")]
    private static partial void LogApplying(ILogger logger, int pendingCount, string target);

    [LoggerMessage(Level = LogLevel.Information, Message = "Applied migrations: {Migrations}")]
    private static partial void LogApplied(ILogger logger, string migrations);

    [LoggerMessage(Level = LogLevel.Information, Message = "Demo tenant {TenantId} with user {Username} is present")]
    private static partial void LogDemoTenantReady(ILogger logger, Guid tenantId, string username);

    [LoggerMessage(Level = LogLevel.Information, Message = "Service roles not provisioned: the schema is not complete yet (their privileges name every table)")]
    private static partial void LogRolesLeftForCompleteSchema(ILogger logger);

    [LoggerMessage(Level = LogLevel.Critical, Message = "Database migration failed: {Reason}")]
    private static partial void LogMigrationFailed(ILogger logger, Exception exception, string reason);
}
