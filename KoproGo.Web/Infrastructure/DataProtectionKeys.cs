using System.Xml.Linq;
using Dapper;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Npgsql;

namespace KoproGo.Web.Infrastructure;

/// <summary>Keeps the data-protection key ring in PostgreSQL so every instance reads the cookies of the others.</summary>
public sealed class DataProtectionKeys(NpgsqlDataSource source) : IXmlRepository
{
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
