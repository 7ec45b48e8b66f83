using QRCoder;

namespace KoproGo.Web.Pages.Public;

/// <summary>QR codes as SVG (QRCoder, no image library).</summary>
public static class QrCodes
{
    public static string Svg(string url)
    {
        using var data = QRCodeGenerator.GenerateQrCode(url, QRCodeGenerator.ECCLevel.M);
        return new SvgQRCode(data).GetGraphic(8);
    }

    /// <summary>The same SVG inline, so the poster carries it on screen and in the PDF without fetching anything.</summary>
    public static string DataUri(string url) => "data:image/svg+xml;base64," + Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(Svg(url)));
}
