using System.Globalization;
using System.Text;
using System.Xml.Linq;
using KoproGo.Domain.Buildings;

namespace KoproGo.Domain.Accounting;

/// <summary>One payment of a transfer file: to whom, how much, and the reference the supplier will see.</summary>
public sealed record TransferOrder(string EndToEndId, string CreditorName, string CreditorIban, decimal Amount, StructuredCommunication? Reference, string Unstructured);

/// <summary>
/// SEPA credit transfer files (ISO 20022 pain.001.001.03, the customer-to-bank message of the EPC SEPA Credit Transfer
/// rulebook, as the Febelfin implementation guidelines describe it for Belgian banks): one payment block debiting the
/// building's account, one transaction per invoice, IBAN only (no BIC), charges shared (SLEV). A Belgian structured
/// communication goes as a structured creditor reference (type SCOR, issuer BBA); anything else as unstructured text.
/// </summary>
public static class CreditTransfers
{
    public static readonly XNamespace Pain001 = "urn:iso:std:iso:20022:tech:xsd:pain.001.001.03";

    /// <summary>Why a supplier cannot be paid by transfer (no IBAN, or one that fails its check digits); null when it can.</summary>
    public static string? IbanProblem(string? iban) =>
        string.IsNullOrWhiteSpace(iban) ? "no IBAN" : Iban.IsValid(iban) ? null : "IBAN not valid";

    /// <summary>
    /// The SEPA character set (EPC guidance: Latin letters, digits and / - ? : ( ) . , ' + space): accents dropped, other
    /// characters replaced by a space, cut to <paramref name="max"/> characters.
    /// </summary>
    public static string SepaText(string text, int max)
    {
        var plain = new StringBuilder();
        // letters that are not an accent away from Latin (EPC's conversion table): ß, æ, œ, ø, ł
        var spelled = text.Replace("ß", "ss").Replace("æ", "ae").Replace("Æ", "AE").Replace("œ", "oe").Replace("Œ", "OE")
            .Replace("ø", "o").Replace("Ø", "O").Replace("ł", "l").Replace("Ł", "L");
        foreach (var c in spelled.Normalize(NormalizationForm.FormD))
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark) continue;
            plain.Append(c is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or (>= '0' and <= '9') || "/-?:().,'+ ".Contains(c) ? c : ' ');
        }
        var clean = string.Join(' ', plain.ToString().Split(' ', StringSplitOptions.RemoveEmptyEntries));
        return clean.Length <= max ? clean : clean[..max].TrimEnd();
    }

    /// <summary>The pain.001.001.03 document, UTF-8 encoded.</summary>
    public static byte[] Build(string messageId, DateTime createdAtLocal, string debtorName, string debtorIban, DateOnly executionDate, IReadOnlyList<TransferOrder> orders)
    {
        if (orders.Count == 0) throw new ArgumentException("a transfer file has at least one payment", nameof(orders));
        if (orders.Any(o => o.Amount <= 0 || decimal.Round(o.Amount, 2) != o.Amount)) throw new ArgumentException("amounts are positive, in cents", nameof(orders));
        var ns = Pain001;
        static string Amount(decimal a) => a.ToString("0.00", CultureInfo.InvariantCulture);
        var total = Amount(orders.Sum(o => o.Amount));
        var name = SepaText(debtorName, 70);
        var document = new XDocument(new XDeclaration("1.0", "UTF-8", null),
            new XElement(ns + "Document",
                new XElement(ns + "CstmrCdtTrfInitn",
                    new XElement(ns + "GrpHdr",
                        new XElement(ns + "MsgId", messageId),
                        new XElement(ns + "CreDtTm", createdAtLocal.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture)),
                        new XElement(ns + "NbOfTxs", orders.Count),
                        new XElement(ns + "CtrlSum", total),
                        new XElement(ns + "InitgPty", new XElement(ns + "Nm", name))),
                    new XElement(ns + "PmtInf",
                        new XElement(ns + "PmtInfId", messageId),
                        new XElement(ns + "PmtMtd", "TRF"),
                        new XElement(ns + "BtchBookg", "false"),
                        new XElement(ns + "NbOfTxs", orders.Count),
                        new XElement(ns + "CtrlSum", total),
                        new XElement(ns + "PmtTpInf", new XElement(ns + "SvcLvl", new XElement(ns + "Cd", "SEPA"))),
                        new XElement(ns + "ReqdExctnDt", executionDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)),
                        new XElement(ns + "Dbtr", new XElement(ns + "Nm", name)),
                        new XElement(ns + "DbtrAcct", new XElement(ns + "Id", new XElement(ns + "IBAN", Iban.Normalize(debtorIban)))),
                        new XElement(ns + "DbtrAgt", new XElement(ns + "FinInstnId", new XElement(ns + "Othr", new XElement(ns + "Id", "NOTPROVIDED")))),
                        new XElement(ns + "ChrgBr", "SLEV"),
                        orders.Select(o => new XElement(ns + "CdtTrfTxInf",
                            new XElement(ns + "PmtId", new XElement(ns + "EndToEndId", SepaText(o.EndToEndId, 35))),
                            new XElement(ns + "Amt", new XElement(ns + "InstdAmt", new XAttribute("Ccy", "EUR"), Amount(o.Amount))),
                            new XElement(ns + "Cdtr", new XElement(ns + "Nm", SepaText(o.CreditorName, 70))),
                            new XElement(ns + "CdtrAcct", new XElement(ns + "Id", new XElement(ns + "IBAN", Iban.Normalize(o.CreditorIban)))),
                            new XElement(ns + "RmtInf", o.Reference is { } reference
                                ? new XElement(ns + "Strd", new XElement(ns + "CdtrRefInf",
                                    new XElement(ns + "Tp", new XElement(ns + "CdOrPrtry", new XElement(ns + "Cd", "SCOR")), new XElement(ns + "Issr", "BBA")),
                                    new XElement(ns + "Ref", reference.Digits)))
                                : new XElement(ns + "Ustrd", SepaText(o.Unstructured, 140)))))))));
        using var stream = new MemoryStream();
        using (var writer = System.Xml.XmlWriter.Create(stream, new System.Xml.XmlWriterSettings { Encoding = new UTF8Encoding(false), Indent = true }))
            document.Save(writer);
        return stream.ToArray();
    }
}
