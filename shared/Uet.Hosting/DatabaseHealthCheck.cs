using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Uet.Hosting;

/// <summary>Ready only while the service's database answers.</summary>
public sealed class DatabaseHealthCheck<TContext>(IDbContextFactory<TContext> factory) : IHealthCheck
    where TContext : DbContext
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await using var db = await factory.CreateDbContextAsync(cancellationToken);
            return await db.Database.CanConnectAsync(cancellationToken)
                ? HealthCheckResult.Healthy()
                : HealthCheckResult.Unhealthy("database does not answer");
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return HealthCheckResult.Unhealthy("database: " + e.Message);
        }
    }
}

public static class DatabaseHealthCheckExtensions
{
    public static IHealthChecksBuilder AddDatabase<TContext>(this IHealthChecksBuilder builder, string name)
        where TContext : DbContext =>
        builder.AddCheck<DatabaseHealthCheck<TContext>>(name, tags: ["ready"]);
}
