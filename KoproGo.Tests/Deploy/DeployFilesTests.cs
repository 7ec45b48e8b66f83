using KoproGo.Tests.Support;

namespace KoproGo.Tests.Deploy;

/// <summary>
/// deploy/compose.yaml and deploy/k8s/ checked by deploy/check.mjs (the Compose Specification's schema, Kubernetes'
/// API schemas, CloudNativePG's required fields) — and the check itself catches a broken file.
/// </summary>
public class DeployFilesTests
{
    private static readonly string Root = Samples.RepositoryRoot();

    private static Task<(int Code, string Out, string Err)> Check(params string[] files) =>
        Processes.Run("node", [Path.Combine(Root, "deploy", "check.mjs"), .. files], workingDirectory: Root);

    [Fact]
    public async Task The_compose_file_and_every_kubernetes_manifest_are_valid()
    {
        var (code, output, error) = await Check();
        Assert.True(code == 0, output + error);
        foreach (var file in new[] { "deploy/compose.yaml", "deploy/k8s/app.yaml", "deploy/k8s/ingress.yaml", "deploy/k8s/mosquitto.yaml", "deploy/k8s/postgres.yaml" })
            Assert.Contains($"ok {file}:", output);
        // the app runs as a Deployment with both probes, a HorizontalPodAutoscaler and a PodDisruptionBudget
        var app = await File.ReadAllTextAsync(Path.Combine(Root, "deploy", "k8s", "app.yaml"));
        foreach (var part in new[] { "kind: Deployment", "readinessProbe:", "path: /health/ready", "livenessProbe:", "path: /health/live", "kind: HorizontalPodAutoscaler", "kind: PodDisruptionBudget", "memory: 112Mi" })
            Assert.Contains(part, app);
    }

    [Theory]
    [InlineData("compose.yaml", "replicas: 2", "replicas: two", "/services/app/deploy/replicas must be integer")]
    [InlineData("compose.yaml", "    secrets: [grafana-password]", "    secrets: [grafana-admin]", "secret \"grafana-admin\" is not declared")]
    [InlineData("k8s/app.yaml", "replicas: 2", "replicas: two", "spec/replicas must be integer")]
    [InlineData("k8s/app.yaml", "containerPort: 8080", "containerPort: http", "containerPort must be integer")]
    [InlineData("k8s/postgres.yaml", "instances: 2", "instances: 1", "spec.instances must be an integer ≥ 2")]
    [InlineData("k8s/ingress.yaml", "apiVersion: networking.k8s.io/v1", "apiVersion: networking.k8s.io/v9", "unknown kind networking.k8s.io/v9 Ingress")]
    public async Task A_broken_file_is_refused_with_what_is_wrong(string file, string from, string to, string message)
    {
        var text = await File.ReadAllTextAsync(Path.Combine(Root, "deploy", file));
        Assert.Contains(from, text);
        var broken = Path.Combine(Directory.CreateTempSubdirectory("koprogo-deploy").FullName, Path.GetFileName(file));
        await File.WriteAllTextAsync(broken, text.Replace(from, to));
        var (code, output, _) = await Check(broken);
        Assert.Equal(1, code);
        Assert.Contains("FAILED", output);
        Assert.Contains(message, output);
        Directory.Delete(Path.GetDirectoryName(broken)!, recursive: true);
    }
}
