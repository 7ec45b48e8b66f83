using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using KoproGo.Tests.Support;
using KoproGo.Web.Infrastructure;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace KoproGo.Tests.Database;

/// <summary>The data-protection key ring as the app sets it up, in a schema of its own (not mixed with the running app's keys).</summary>
public class KeyRingTests(App app) : AppTest(app)
{
    private const string Schema = "keyring_test";

    private async Task<NpgsqlDataSource> EmptyKeyRing()
    {
        await Scalar<int>($"""
            drop schema if exists {Schema} cascade;
            create schema {Schema};
            create table {Schema}.data_protection_keys (like public.data_protection_keys including all);
            select 1
            """);
        return NpgsqlDataSource.Create(new NpgsqlConnectionStringBuilder(App.ConnectionString) { SearchPath = Schema }.ConnectionString);
    }

    private static IDataProtector Protector(NpgsqlDataSource source, Dictionary<string, string?> settings, out bool encrypted)
    {
        var services = new ServiceCollection().AddLogging();
        encrypted = DataProtectionKeys.Configure(services, new ConfigurationBuilder().AddInMemoryCollection(settings).Build(), source);
        return services.BuildServiceProvider().GetRequiredService<IDataProtectionProvider>().CreateProtector("KoproGo.Tests");
    }

    [Fact]
    public async Task With_a_certificate_the_keys_are_stored_encrypted_and_read_back_by_another_instance()
    {
        await using var source = await EmptyKeyRing();
        using var rsa = RSA.Create(2048);
        using var certificate = new CertificateRequest("CN=KoproGo key ring", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1)
            .CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
        var pfx = Path.Combine(Directory.CreateTempSubdirectory("koprogo-keyring").FullName, "keys.pfx");
        await File.WriteAllBytesAsync(pfx, certificate.Export(X509ContentType.Pkcs12, "a pfx password"));
        var settings = new Dictionary<string, string?>
        {
            [DataProtectionKeys.CertificateSetting] = pfx,
            [DataProtectionKeys.CertificatePasswordSetting] = "a pfx password",
        };

        var sealedText = Protector(source, settings, out var encrypted).Protect("Sophie Lambert");
        Assert.True(encrypted);
        var stored = Assert.Single(await Query<string>($"select xml from {Schema}.data_protection_keys"));
        Assert.Contains("encryptedSecret", stored);
        Assert.DoesNotContain("<value>", stored);
        // another instance with the same certificate opens what the first one sealed
        Assert.Equal("Sophie Lambert", Protector(source, settings, out _).Unprotect(sealedText));
    }

    [Fact]
    public async Task Without_a_certificate_the_keys_are_stored_as_they_are_and_the_app_says_so()
    {
        await using var source = await EmptyKeyRing();
        Protector(source, [], out var encrypted).Protect("x");
        Assert.False(encrypted);
        Assert.Contains("<value>", Assert.Single(await Query<string>($"select xml from {Schema}.data_protection_keys")));
    }
}
