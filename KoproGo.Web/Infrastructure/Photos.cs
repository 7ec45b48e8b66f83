using KoproGo.Web.Infrastructure.Documents;
using SkiaSharp;

namespace KoproGo.Web.Infrastructure;

/// <summary>
/// Photos people upload (a leak, a crack): recognised by their content (JPEG or PNG; a phone's HEIC arrives as JPEG
/// from the browser), turned upright as the camera said, shrunk to a longest side and re-encoded as JPEG. Nothing of the
/// original's metadata is copied: no GPS position of someone's flat, no camera serial number.
/// </summary>
public static class Photos
{
    public sealed record Photo(byte[] Jpeg, int Width, int Height);

    /// <summary>Above this many pixels a file is refused before decoding (a crafted "decompression bomb").</summary>
    private const long MaxPixels = 60_000_000;

    /// <summary>The photo re-encoded, or null when the content is not a JPEG or PNG image that decodes.</summary>
    public static Photo? Reencode(Stream content, int maxSide)
    {
        var kind = FileKinds.Recognise(content);
        if (kind is null || kind.ContentType is not ("image/jpeg" or "image/png")) return null;
        using var data = SKData.Create(content);
        using var codec = data is null ? null : SKCodec.Create(data);
        if (codec is null || (long)codec.Info.Width * codec.Info.Height > MaxPixels) return null;
        using var decoded = SKBitmap.Decode(codec);
        if (decoded is null) return null;

        var origin = codec.EncodedOrigin;
        var sideways = origin is SKEncodedOrigin.RightTop or SKEncodedOrigin.LeftBottom or SKEncodedOrigin.LeftTop or SKEncodedOrigin.RightBottom;
        var (width, height) = sideways ? (decoded.Height, decoded.Width) : (decoded.Width, decoded.Height);
        var scale = Math.Min(1f, (float)maxSide / Math.Max(width, height));
        var (outWidth, outHeight) = (Math.Max(1, (int)Math.Round(width * scale)), Math.Max(1, (int)Math.Round(height * scale)));

        using var surface = SKSurface.Create(new SKImageInfo(outWidth, outHeight, SKColorType.Rgba8888, SKAlphaType.Premul));
        var canvas = surface.Canvas;
        canvas.Clear(SKColors.White);   // a transparent PNG gets a white ground, as JPEG has no transparency
        canvas.Scale(scale);
        // The camera's orientation (EXIF), applied here because the file written carries none.
        switch (origin)
        {
            case SKEncodedOrigin.TopRight: canvas.Translate(width, 0); canvas.Scale(-1, 1); break;
            case SKEncodedOrigin.BottomRight: canvas.Translate(width, height); canvas.RotateDegrees(180); break;
            case SKEncodedOrigin.BottomLeft: canvas.Translate(0, height); canvas.Scale(1, -1); break;
            case SKEncodedOrigin.LeftTop: canvas.RotateDegrees(90); canvas.Scale(1, -1); break;
            case SKEncodedOrigin.RightTop: canvas.Translate(width, 0); canvas.RotateDegrees(90); break;
            case SKEncodedOrigin.RightBottom: canvas.Translate(width, height); canvas.RotateDegrees(90); canvas.Scale(-1, 1); canvas.Translate(0, -width); break;
            case SKEncodedOrigin.LeftBottom: canvas.Translate(0, height); canvas.RotateDegrees(270); break;
        }
        using (var image = SKImage.FromBitmap(decoded))
            canvas.DrawImage(image, 0, 0, new SKSamplingOptions(SKFilterMode.Linear, SKMipmapMode.Linear));
        using var snapshot = surface.Snapshot();
        using var jpeg = snapshot.Encode(SKEncodedImageFormat.Jpeg, 82);
        return new Photo(jpeg.ToArray(), outWidth, outHeight);
    }

    /// <summary>A photo may weigh this much as sent (phones' photos are 2 to 8 MB).</summary>
    public const long MaxUploadBytes = 15 * 1024 * 1024;

    /// <summary>
    /// The photos of a form, re-encoded; each one refused (too many, too large, not a photo) gets its message on
    /// <paramref name="field"/>, and the caller shows the form again.
    /// </summary>
    public static async Task<List<Photo>> FromUploads(IEnumerable<Microsoft.AspNetCore.Http.IFormFile> files, int max, int maxSide,
        Microsoft.AspNetCore.Mvc.ModelBinding.ModelStateDictionary state, Microsoft.Extensions.Localization.IStringLocalizer l, string field)
    {
        var photos = new List<Photo>();
        var sent = files.Where(p => p.Length > 0).ToList();
        if (sent.Count > max)
        {
            state.AddModelError(field, l["At most {0} photos.", max]);
            return photos;
        }
        foreach (var file in sent)
        {
            if (file.Length > MaxUploadBytes) { state.AddModelError(field, l["{0} is larger than 15 MB.", file.FileName]); continue; }
            await using var content = new MemoryStream();
            await file.CopyToAsync(content);
            if (Reencode(content, maxSide) is { } photo) photos.Add(photo);
            else state.AddModelError(field, l["{0} is not a JPEG or PNG photo.", file.FileName]);
        }
        return photos;
    }
}
