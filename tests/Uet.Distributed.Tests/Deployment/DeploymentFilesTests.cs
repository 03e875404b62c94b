using System.Text.RegularExpressions;

using Uet.EndToEnd.Tests;

namespace Uet.Distributed.Tests.Deployment;

/// <summary>
/// There is no Docker engine or Kubernetes cluster here to run the deployment files on (deploy/README.md), so they are
/// checked against what they deploy: every service has its image target, its Compose service and its Deployment; every
/// setting they give is documented (docs/deployment.md, "Environment") for the service it is given to and read by
/// the code; health checks ask for the endpoints the services serve, on the port they serve them.
/// </summary>
public sealed partial class DeploymentFilesTests
{
    private static readonly string Root = Plans.RepoRoot();

    /// <summary>Every service process: a folder of services/ with its project, but not the CLI.</summary>
    public static TheoryData<string> Services()
    {
        var data = new TheoryData<string>();
        foreach (var service in ServiceFolders().Keys.Order(StringComparer.Ordinal))
        {
            data.Add(service);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Services))]
    public void A_service_has_an_image_target_that_publishes_and_starts_it(string service)
    {
        var (folder, project) = ServiceFolders()[service];
        var stages = DockerfileStages();

        Assert.True(stages.TryGetValue(service, out var image), $"Dockerfile has no stage `AS {service}`");
        Assert.True(stages.TryGetValue("publish-" + service, out var publish), $"Dockerfile has no stage `AS publish-{service}`");
        Assert.Contains($"dotnet publish services/{folder}/{project}.csproj", publish!.Text, StringComparison.Ordinal);
        Assert.Contains($"COPY --from=publish-{service} /out /app", image!.Text, StringComparison.Ordinal);
        Assert.Matches($@"ENTRYPOINT \[.*""dotnet"", ""/app/{Regex.Escape(project)}\.dll""\]", image.Text);
        Assert.Contains("runtime", Bases(stages, service));
    }

    [Theory]
    [MemberData(nameof(Services))]
    public void A_service_is_in_docker_compose_built_from_its_target_and_connected_to_both_servers(string service)
    {
        var compose = YamlDocuments.Load(Path.Combine(Root, "docker-compose.yml")).Single();

        var entry = compose.Map("services", service);
        Assert.True(entry is not null, $"docker-compose.yml has no service `{service}`");
        Assert.Equal(service, entry!.Text("build", "target"));
        Assert.Equal($"uet/{service}:dev", entry.Text("image"));
        var environment = entry.Map("environment")!;
        Assert.StartsWith("amqp://", environment.Text("UET_RABBITMQ"), StringComparison.Ordinal);
        Assert.StartsWith("Host=postgres;", environment.Text("UET_POSTGRES"), StringComparison.Ordinal);
        Assert.Equal("http://0.0.0.0:8080", environment.Text("UET_HEALTH_URL"));
        Assert.Equal("service_healthy", entry.Text("depends_on", "rabbitmq", "condition"));
        Assert.Equal("service_healthy", entry.Text("depends_on", "postgres", "condition"));
        Assert.Contains("http://127.0.0.1:8080/health/ready", entry.List("healthcheck", "test").Cast<string>());
    }

    [Theory]
    [MemberData(nameof(Services))]
    public void A_service_has_a_Kubernetes_Deployment_and_Service_listed_in_the_kustomization(string service)
    {
        var file = service + ".yaml";
        var kustomization = YamlDocuments.Load(Path.Combine(Root, "deploy", "k8s", "kustomization.yaml")).Single();
        Assert.Contains(file, kustomization.List("resources").Cast<string>());

        var documents = YamlDocuments.Load(Path.Combine(Root, "deploy", "k8s", file));
        var deployment = Assert.Single(documents, d => d.Text("kind") == "Deployment");
        Assert.Single(documents, d => d.Text("kind") == "Service" && d.Text("metadata", "name") == "uet-" + service);
        Assert.Equal("uet-" + service, deployment.Text("metadata", "name"));
        var container = Assert.Single(deployment.Maps("spec", "template", "spec", "containers"));
        Assert.Equal($"uet/{service}:dev", container.Text("image"));
        Assert.Equal(["uet-config", "uet-service-secrets"], container.Maps("envFrom").Select(e => e.Text("configMapRef", "name") ?? e.Text("secretRef", "name")));

        var http = Assert.Single(container.Maps("ports"), p => p.Text("name") == "http");
        Assert.Equal("8080", http.Text("containerPort"));
        foreach (var probe in new[] { "startupProbe", "readinessProbe", "livenessProbe" })
        {
            Assert.True(container.Map(probe) is not null, $"{file}: the container has no {probe}");
            Assert.Contains(container.Text(probe, "httpGet", "path"), HealthPaths());
            Assert.Equal("http", container.Text(probe, "httpGet", "port"));
        }
    }

    [Fact]
    public void Every_service_gets_both_servers_and_answers_probes_on_port_8080_from_the_shared_configuration()
    {
        var config = YamlDocuments.Load(Path.Combine(Root, "deploy", "k8s", "config.yaml"));
        var settings = config.Single(d => d.Text("metadata", "name") == "uet-config").Map("data")!;
        var secrets = config.Single(d => d.Text("metadata", "name") == "uet-service-secrets").Map("stringData")!;

        Assert.Equal("http://0.0.0.0:8080", settings.Text("UET_HEALTH_URL"));
        Assert.StartsWith("amqp://", secrets.Text("UET_RABBITMQ"), StringComparison.Ordinal);
        Assert.StartsWith("Host=", secrets.Text("UET_POSTGRES"), StringComparison.Ordinal);
    }

    [Fact]
    public void Every_setting_the_deployment_files_give_is_documented_for_its_service_and_read_by_the_code()
    {
        var documented = DocumentedVariables();
        var given = GivenVariables();
        Assert.NotEmpty(given);

        foreach (var (where, variable, services) in given)
        {
            Assert.True(documented.TryGetValue(variable, out var readers), $"{where} sets {variable}, which docs/deployment.md does not list");
            foreach (var service in services)
            {
                Assert.True(readers!.Contains(service) || readers.Contains("every service"),
                    $"{where} gives {variable} to {service}, but docs/deployment.md says only {string.Join(", ", readers)} read it");
            }
        }
        var source = SourceText();
        foreach (var variable in documented.Keys)
        {
            Assert.True(source.Contains($"\"{variable}\"", StringComparison.Ordinal), $"docs/deployment.md lists {variable}, which no code in services/ or shared/ reads");
        }
    }

    /// <summary>Where each setting is given, and to which services (all of them for the shared ConfigMap and Secret).</summary>
    private static List<(string Where, string Variable, IReadOnlyList<string> Services)> GivenVariables()
    {
        var all = ServiceFolders().Keys.ToList();
        var given = new List<(string, string, IReadOnlyList<string>)>();

        var compose = YamlDocuments.Load(Path.Combine(Root, "docker-compose.yml")).Single();
        foreach (var service in all)
        {
            foreach (var variable in compose.Map("services", service, "environment")?.Keys ?? [])
            {
                given.Add(("docker-compose.yml", variable, [service]));
            }
        }

        foreach (var document in YamlDocuments.Load(Path.Combine(Root, "deploy", "k8s", "config.yaml")))
        {
            var name = document.Text("metadata", "name");
            if (name is "uet-config" or "uet-service-secrets")
            {
                foreach (var variable in (document.Map("data") ?? document.Map("stringData"))!.Keys)
                {
                    // Every service reads these through envFrom and ignores what is not its own: documented for any will do.
                    given.Add(($"deploy/k8s/config.yaml ({name})", variable, []));
                }
            }
        }
        foreach (var service in all)
        {
            var deployment = YamlDocuments.Load(Path.Combine(Root, "deploy", "k8s", service + ".yaml")).Single(d => d.Text("kind") == "Deployment");
            foreach (var env in deployment.Maps("spec", "template", "spec", "containers").SelectMany(c => c.Maps("env")))
            {
                given.Add(($"deploy/k8s/{service}.yaml", env.Text("name")!, [service]));
            }
        }

        foreach (var (stage, body) in DockerfileStages())
        {
            // DOTNET_* are the runtime's own settings, not ours.
            foreach (var env in DockerfileEnv().Matches(body.Text).Where(m => !m.Groups["name"].Value.StartsWith("DOTNET_", StringComparison.Ordinal)))
            {
                given.Add(($"Dockerfile (stage {stage})", env.Groups["name"].Value, all.Contains(stage) ? [stage] : []));
            }
        }
        return given;
    }

    /// <summary>docs/deployment.md's environment table: variable → who reads it ("every service", "worker", ...).</summary>
    private static Dictionary<string, HashSet<string>> DocumentedVariables()
    {
        var table = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        foreach (Match row in DocumentedRow().Matches(File.ReadAllText(Path.Combine(Root, "docs", "deployment.md"))))
        {
            var readers = Regex.Replace(row.Groups["readers"].Value, @"\([^)]*\)", "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
            table[row.Groups["name"].Value] = [.. readers.Select(r => r.Trim('`'))];
        }
        return table;
    }

    /// <summary>The paths the service host maps its health checks on (shared/Uet.Hosting/UetServiceHost.cs).</summary>
    private static IReadOnlyList<string> HealthPaths()
    {
        var host = File.ReadAllText(Path.Combine(Root, "shared", "Uet.Hosting", "UetServiceHost.cs"));
        var paths = MappedHealthPath().Matches(host).Select(m => m.Groups["path"].Value).ToList();
        Assert.Equal(["/health/live", "/health/ready"], paths.Order(StringComparer.Ordinal));
        return paths;
    }

    /// <summary>service name (lower case, as in the deployment files) → its folder under services/ and its project.</summary>
    private static Dictionary<string, (string Folder, string Project)> ServiceFolders() =>
        Directory.GetDirectories(Path.Combine(Root, "services"))
            .Select(d => (Folder: Path.GetFileName(d), Project: Directory.GetFiles(d, "*.csproj").Select(Path.GetFileNameWithoutExtension).SingleOrDefault()))
            .Where(s => s.Project is not null && s.Folder != "Cli")
            .ToDictionary(s => s.Folder.ToLowerInvariant(), s => (s.Folder, s.Project!));

    private sealed record Stage(string? Base, string Text);

    private static Dictionary<string, Stage> DockerfileStages()
    {
        var stages = new Dictionary<string, Stage>(StringComparer.Ordinal);
        var parts = DockerfileFrom().Split(File.ReadAllText(Path.Combine(Root, "Dockerfile")));
        // Split keeps the captured base and name between the texts: text, base, name, text, base, name, text...
        for (var i = 1; i + 2 < parts.Length; i += 3)
        {
            stages[parts[i + 1]] = new Stage(parts[i], parts[i + 2]);
        }
        return stages;
    }

    private static IEnumerable<string> Bases(Dictionary<string, Stage> stages, string stage)
    {
        for (var current = stages[stage].Base; current is not null; current = stages.TryGetValue(current, out var next) ? next.Base : null)
        {
            yield return current;
        }
    }

    private static string SourceText() =>
        string.Join('\n', new[] { "services", "shared" }
            .SelectMany(d => Directory.EnumerateFiles(Path.Combine(Root, d), "*.cs", SearchOption.AllDirectories))
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Select(File.ReadAllText));

    [GeneratedRegex(@"^FROM\s+(\S+)\s+AS\s+(\S+)\s*$", RegexOptions.Multiline | RegexOptions.IgnoreCase)]
    private static partial Regex DockerfileFrom();

    [GeneratedRegex(@"(?:^ENV\s+|\\\s*\n\s+)(?<name>[A-Z_][A-Z0-9_]*)=", RegexOptions.Multiline)]
    private static partial Regex DockerfileEnv();

    [GeneratedRegex(@"^\| `(?<name>[A-Z_][A-Z0-9_]*)` \| (?<readers>[^|]+) \|", RegexOptions.Multiline)]
    private static partial Regex DocumentedRow();

    [GeneratedRegex(@"MapHealthChecks\(""(?<path>/[^""]+)""")]
    private static partial Regex MappedHealthPath();
}
