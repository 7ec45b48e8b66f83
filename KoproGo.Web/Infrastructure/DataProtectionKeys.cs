using System.Security.Cryptography.X509Certificates;
using System.Xml.Linq;
using Dapper;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Microsoft.Extensions.Options;
using Npgsql;

namespace KoproGo.Web.Infrastructure;

/// <summary>Keeps the data-protection key ring in PostgreSQL so every instance reads the cookies of the others.</summary>
public sealed class DataProtectionKeys(NpgsqlDataSource source) : IXmlRepository
{
    public const string CertificateSetting = "KoproGo:DataProtection:Certificate";
    public const string CertificatePasswordSetting = "KoproGo:DataProtection:CertificatePassword";

    /// <summary>
    /// The app's data protection (sign-in cookies, two-factor secrets, antiforgery): keys in PostgreSQL, encrypted with
    /// the certificate the deployment gives (a PFX file, <see cref="CertificateSetting"/>), so that a copy of the
    /// database alone opens nothing. Answers whether the keys are encrypted.
    /// </summary>
    public static bool Configure(IServiceCollection services, IConfiguration configuration, NpgsqlDataSource source)
    {
        var protection = services.AddDataProtection().SetApplicationName("KoproGo");
        services.AddSingleton<IConfigureOptions<KeyManagementOptions>>(_ =>
            new ConfigureOptions<KeyManagementOptions>(o => o.XmlRepository = new DataProtectionKeys(source)));
        if (configuration[CertificateSetting] is not { Length: > 0 } path) return false;
        var certificate = X509CertificateLoader.LoadPkcs12FromFile(path, configuration[CertificatePasswordSetting],
            X509KeyStorageFlags.EphemeralKeySet);
        protection.ProtectKeysWithCertificate(certificate).UnprotectKeysWithAnyCertificate(certificate);
        return true;
    }

    public IReadOnlyCollection<XElement> GetAllElements()
    {
        using var conn = source.OpenConnection();
        return conn.Query<string>("select xml from data_protection_keys order by created_at").Select(XElement.Parse).ToList();
    }

    public void StoreElement(XElement element, string friendlyName)
    {
        using var conn = source.OpenConnection();
        conn.Execute("insert into data_protection_keys (friendly_name, xml) values (@friendlyName, @xml) on conflict do nothing",
            new { friendlyName, xml = element.ToString(SaveOptions.DisableFormatting) });
    }
}
