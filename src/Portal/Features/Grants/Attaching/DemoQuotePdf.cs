using System.Globalization;
using Hidamari.Portal.Features.Grants.Calculating;
using Hidamari.Portal.Features.Subsidies.Claims;
using PdfSharp.Drawing;
using PdfSharp.Pdf;

namespace Hidamari.Portal.Features.Grants.Attaching;

/// <summary>
/// The demo's attachment: a one-page 見積書 (quote) as a real PDF drawn with PDFsharp, so that the demo application
/// carries a file that opens, travels to the ward and comes back with the same bytes. With IPAGothic it is a few
/// kilobytes (only the glyphs used are embedded). Without a Japanese font the demo goes without it (null).
/// </summary>
public static class DemoQuotePdf
{
    public static byte[]? Render(string vendor, string corporation, string title, IReadOnlyList<GrantItem> items, DateOnly issuedOn)
    {
        ArgumentNullException.ThrowIfNull(items);
        try
        {
            NotoCjkFontResolver.EnsureInstalled();
        }
        catch (JapaneseFontMissingException)
        {
            return null;
        }
        var document = new PdfDocument();
        document.Info.Title = $"御見積書 {title}";
        document.Info.Author = vendor;
        var page = document.AddPage();
        page.Size = PdfSharp.PageSize.A4;
        using (var gfx = XGraphics.FromPdfPage(page))
        {
            var unicode = new XPdfFontOptions(PdfFontEncoding.Unicode);
            var heading = new XFont(NotoCjkFontResolver.Family, 18, XFontStyleEx.Regular, unicode);
            var normal = new XFont(NotoCjkFontResolver.Family, 10, XFontStyleEx.Regular, unicode);
            var pen = new XPen(XColors.Black, 0.5);
            const double margin = 50;
            var width = page.Width.Point - 2 * margin;
            var y = margin;
            gfx.DrawString("御 見 積 書", heading, XBrushes.Black, new XRect(margin, y, width, 26), XStringFormats.TopCenter);
            y += 40;
            gfx.DrawString($"{corporation} 御中", normal, XBrushes.Black, new XRect(margin, y, width, 14), XStringFormats.TopLeft);
            gfx.DrawString($"{issuedOn.ToString("yyyy年M月d日", CultureInfo.InvariantCulture)}", normal, XBrushes.Black, new XRect(margin, y, width, 14), XStringFormats.TopRight);
            y += 18;
            gfx.DrawString(vendor, normal, XBrushes.Black, new XRect(margin, y, width, 14), XStringFormats.TopRight);
            y += 24;
            gfx.DrawString($"件名：{title}", normal, XBrushes.Black, new XRect(margin, y, width, 14), XStringFormats.TopLeft);
            y += 24;
            foreach (var (label, yen, shade) in items.Select(i => (i.Description, i.Yen, false)).Append(("合計", items.Sum(i => i.Yen), true)))
            {
                if (shade) gfx.DrawRectangle(XBrushes.WhiteSmoke, margin, y, width, 20);
                gfx.DrawRectangle(pen, margin, y, width - 120, 20);
                gfx.DrawRectangle(pen, margin + width - 120, y, 120, 20);
                gfx.DrawString(label, normal, XBrushes.Black, new XRect(margin + 6, y, width - 132, 20), XStringFormats.CenterLeft);
                gfx.DrawString($"{yen.ToString("N0", CultureInfo.InvariantCulture)} 円", normal, XBrushes.Black, new XRect(margin + width - 114, y, 108, 20), XStringFormats.CenterRight);
                y += 20;
            }
            y += 16;
            gfx.DrawString("（デモデータ：ひだまりの表示確認用の見積書です）", normal, XBrushes.DimGray, new XRect(margin, y, width, 14), XStringFormats.TopLeft);
        }
        using var buffer = new MemoryStream();
        document.Save(buffer, closeStream: false);
        return buffer.ToArray();
    }
}
