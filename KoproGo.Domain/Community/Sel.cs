namespace KoproGo.Domain.Community;

/// <summary>What is exchanged in the local exchange system (SEL): a service, an object lent, a purchase made together.</summary>
public enum ExchangeKind { Service, ObjectLoan, SharedPurchase }

/// <summary>An exchange's life: offered → requested → in progress → completed (both confirm), or cancelled with a reason.</summary>
public enum ExchangeStatus { Offered, Requested, InProgress, Completed, Cancelled }

public enum Party { Provider, Requester, Other }

/// <summary>
/// The rules of the building's local exchange system (système d'échange local): time is the currency, one hour is one
/// credit. Legal in Belgium as non-commercial barter between neighbours, without tax, as long as it does not replace
/// professional services. Credits live in a ledger: a completed exchange moves its credits once from the requester to
/// the provider; a balance may go below zero down to the building's limit.
/// </summary>
public static class Sel
{
    public const int MinCredits = 1;
    public const int MaxCredits = 100;
    public const int DefaultCreditLimit = 20;

    public static bool ValidCredits(int credits) => credits is >= MinCredits and <= MaxCredits;

    /// <summary>Anyone but the provider may ask for an exchange still offered.</summary>
    public static bool CanRequest(ExchangeStatus status, Party party) => status == ExchangeStatus.Offered && party != Party.Provider;

    /// <summary>Only the provider starts an exchange, once someone asked for it.</summary>
    public static bool CanStart(ExchangeStatus status, Party party) => status == ExchangeStatus.Requested && party == Party.Provider;

    /// <summary>Each party confirms an exchange in progress; the second confirmation completes it.</summary>
    public static bool CanConfirm(ExchangeStatus status, Party party) => status == ExchangeStatus.InProgress && party != Party.Other;

    /// <summary>The parties cancel (with a reason) until it is completed; a completed or cancelled exchange stays as it is.</summary>
    public static bool CanCancel(ExchangeStatus status, Party party) =>
        status is ExchangeStatus.Offered or ExchangeStatus.Requested or ExchangeStatus.InProgress
        && (party == Party.Provider || (party == Party.Requester && status != ExchangeStatus.Offered));

    /// <summary>Whether spending <paramref name="credits"/> keeps a balance at or above minus the building's limit.</summary>
    public static bool WithinLimit(int balance, int credits, int limit) => balance - credits >= -limit;

    /// <summary>A balance below zero: the member is gently invited to offer something in return.</summary>
    public static bool InvitedToOffer(int balance) => balance < 0;
}
