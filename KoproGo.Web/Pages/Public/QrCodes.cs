using QRCoder;

namespace KoproGo.Web.Pages.Public;

/// <summary>QR codes as SVG (QRCoder, no image library).</summary>
public static class QrCodes
{
    /// <summary>
    /// The text as a QR code. QRCoder writes ISO-8859-1 bytes whenever the text fits in it; a payment code (EPC069-12)
    /// announces UTF-8 on its third line, so its bytes must be UTF-8 (<paramref name="utf8"/>) or banking apps misread
    /// every accented name ("Résidence").
    /// </summary>
    public static string Svg(string text, bool utf8 = false)
    {
        using var data = QRCodeGenerator.GenerateQrCode(text, QRCodeGenerator.ECCLevel.M, forceUtf8: utf8);
        return new SvgQRCode(data).GetGraphic(8);
    }

    /// <summary>The text as a PNG data URI (QRCoder's own PNG writer), for what a phone's camera reads off the screen.</summary>
    public static string PngDataUri(string text)
    {
        using var data = QRCodeGenerator.GenerateQrCode(text, QRCodeGenerator.ECCLevel.M, forceUtf8: true);
        return "data:image/png;base64," + Convert.ToBase64String(new PngByteQRCode(data).GetGraphic(6));
    }

    /// <summary>The same SVG inline, so the poster and the letters carry it on screen and in the PDF without fetching anything.</summary>
    public static string DataUri(string text, bool utf8 = false) =>
        "data:image/svg+xml;base64," + Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(Svg(text, utf8)));
}
