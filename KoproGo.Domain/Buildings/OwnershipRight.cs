namespace KoproGo.Domain.Buildings;

/// <summary>The real right an owner holds on a lot (Code civil livre 3: pleine propriété, nue-propriété, usufruit).</summary>
public enum OwnershipRight
{
    Full,
    Bare,
    Usufruct,
}

