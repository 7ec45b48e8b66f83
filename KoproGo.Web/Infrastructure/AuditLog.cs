using System.Text.Json;

namespace KoproGo.Web.Infrastructure;

/// <summary>
/// Records a change in the audit log, inside the handler's transaction: the line exists exactly when the change does.
/// Call it for every change to money, votes, shares, roles and documents, with the values before and after.
/// </summary>
public static class AuditLog
{
    private static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    public static Task Record(Db db, Viewer viewer, string entity, long? entityId, string action, string summary,
        object? before = null, object? after = null) => db.Execute("""
        insert into audit_log (organisation_id, user_id, user_name, entity, entity_id, action, summary, before, after)
        values (@OrganisationId, @UserId, @Name, @entity, @entityId, @action, @summary, @before::jsonb, @after::jsonb)
        """, new
    {
        viewer.OrganisationId, viewer.UserId, viewer.Name, entity, entityId, action, summary,
        before = before is null ? null : JsonSerializer.Serialize(before, Json),
        after = after is null ? null : JsonSerializer.Serialize(after, Json),
    });
}
