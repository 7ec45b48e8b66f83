namespace KoproGo.Web;

/// <summary>Marker for the one resource set (Resources/SharedResource.*.resx) that holds every user-facing text.</summary>
public sealed class SharedResource;
