using Uet.Hosting;
using Uet.Persistence;

namespace Uet.Telemetry.Tests;

/// <summary>A service's environment is read before anything starts; a value it cannot use stops it, naming the variable and the fix.</summary>
public sealed class ServiceSettingsTests
{
    [Theory]
    [InlineData(ServiceSettings.PostgresVariable, "Host=db;Password=secret;Colour=blue", "Npgsql connection string")]
    [InlineData(ServiceSettings.PostgresVariable, "postgres://uet:secret@db/uet", "Npgsql connection string")]
    [InlineData(ServiceSettings.RabbitMqVariable, "http://uet:secret@broker:5672/", "AMQP URI")]
    public void A_connection_setting_it_cannot_use_is_refused_without_showing_the_value(string variable, string value, string fix)
    {
        var e = Assert.Throws<ServiceConfigurationException>(() => Read(variable, value));

        Assert.Equal(variable, e.Variable);
        Assert.Contains(fix, e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("secret", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unreadable_PostgreSQL_string_names_the_keyword_Npgsql_refused()
    {
        var e = Assert.Throws<ServiceConfigurationException>(() => Read(ServiceSettings.PostgresVariable, "Host=db;Password=secret;Colour=blue"));

        Assert.Contains("Npgsql: Couldn't set colour", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(ServiceSettings.LogVariable, "chatty")]
    [InlineData(ServiceSettings.HealthUrlVariable, "not a url")]
    [InlineData(ServiceSettings.HubVariable, "--upload-pack=touch /tmp/x")]
    public void Other_settings_it_cannot_use_are_refused_naming_the_value(string variable, string value)
    {
        var e = Assert.Throws<ServiceConfigurationException>(() => Read(variable, value));

        Assert.Equal(variable, e.Variable);
        Assert.Contains($"{variable}='{value}' is not valid", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_PostgreSQL_string_is_used_as_given_and_opened_with_the_defaults()
    {
        const string postgres = "Host=db;Port=5432;Username=uet;Password=secret;Database=uet";
        var settings = Read(ServiceSettings.PostgresVariable, postgres);

        Assert.Equal(postgres, settings.Postgres);
        Assert.Equal(DatabaseProvider.Postgres, settings.Persistence().Provider);
        Assert.Contains($"Max Auto Prepare={PostgresConnectionDefaults.MaxAutoPrepare}", PostgresConnectionDefaults.Apply(settings.Persistence().ConnectionString), StringComparison.Ordinal);
    }

    [Fact]
    public void Without_PostgreSQL_each_service_keeps_a_SQLite_file_in_its_data_directory()
    {
        var settings = Read(ServiceSettings.DataDirVariable, Path.Combine(Path.GetTempPath(), "uet-settings"));

        Assert.Equal(DatabaseProvider.Sqlite, settings.Persistence().Provider);
        Assert.EndsWith(Path.Combine("uet-settings", "settings-test.db"), settings.Persistence().ConnectionString, StringComparison.Ordinal);
    }

    private static ServiceSettings Read(string variable, string value) =>
        ServiceSettings.FromEnvironment("settings-test", new Dictionary<string, string> { [variable] = value });
}
