namespace KoproGo.Domain.Buildings;

/// <summary>What a lot is used for; stored in the database by its lower-case name.</summary>
public enum LotKind
{
    Apartment,
    Commercial,
    Parking,
    Garage,
    Cellar,
    Other,
}

