namespace Uet.Distributed.Tests.Infrastructure;

/// <summary>A test that needs a real RabbitMQ and PostgreSQL (UET_RABBITMQ, UET_POSTGRES; scripts/test.sh provides both).</summary>
public sealed class ClusterFactAttribute : FactAttribute
{
    public ClusterFactAttribute()
    {
        if (string.IsNullOrEmpty(Environment.GetEnvironmentVariable("UET_RABBITMQ")) || string.IsNullOrEmpty(Environment.GetEnvironmentVariable("UET_POSTGRES")))
        {
            Skip = "needs UET_RABBITMQ and UET_POSTGRES (scripts/test.sh starts both)";
        }
    }
}
