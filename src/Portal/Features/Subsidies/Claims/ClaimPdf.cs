using System.Buffers.Binary;
using System.Globalization;
using Microsoft.Extensions.Localization;
using PdfSharp.Drawing;
using PdfSharp.Fonts;
using PdfSharp.Pdf;

namespace Hidamari.Portal.Features.Subsidies.Claims;

/// No Japanese font on this machine: the PDF cannot be made, and the message says what to install.
public sealed class JapaneseFontMissingException(string message) : Exception(message);

/// <summary>
/// A Japanese font found at run time. IPAGothic (Debian's fonts-ipafont-gothic) comes first: its TrueType outlines
/// let PDFsharp embed only the glyphs used (a claim PDF of tens of kilobytes). Otherwise Noto Sans CJK from
/// fonts-noto-cjk: a TrueType collection (.ttc), which PDFsharp 6.2 cannot read, so its first face is copied out as a
/// plain OpenType font; PDFsharp cannot subset its CFF outlines, so the whole face is embedded (about 14 MB).
/// </summary>
public sealed class NotoCjkFontResolver : IFontResolver
{
    public const string Family = "Noto Sans CJK JP";
    public const string Directory = "/usr/share/fonts/opentype/noto";
    private const string FileName = "NotoSansCJK-Regular.ttc";
    private const string IpaGothic = "/usr/share/fonts/opentype/ipafont-gothic/ipag.ttf";
    private static readonly Lazy<byte[]> Face = new(() =>
    {
        var path = Locate();
        var bytes = File.ReadAllBytes(path);
        return path.EndsWith(".ttc", StringComparison.OrdinalIgnoreCase) ? ExtractFirstFace(bytes) : bytes;
    });
    private static readonly object Gate = new();

    /// The font file's path, or a clear failure naming the package to install.
    public static string Locate()
    {
        var overridden = Environment.GetEnvironmentVariable("HIDAMARI_CJK_FONT");
        var candidates = new[] { overridden, IpaGothic, "/usr/share/fonts/truetype/ipafont-gothic/ipag.ttf", Path.Combine(Directory, FileName), Path.Combine("/usr/share/fonts/opentype/noto-cjk", FileName) };
        return candidates.FirstOrDefault(p => !string.IsNullOrEmpty(p) && File.Exists(p))
            ?? throw new JapaneseFontMissingException(
                $"No Japanese font for the PDF: neither {IpaGothic} nor {FileName} in {Directory} was found. Install the Debian package " +
                "fonts-ipafont-gothic or fonts-noto-cjk (or set HIDAMARI_CJK_FONT to a .ttf or .ttc file).");
    }

    /// Installs this resolver for the process once; PDFsharp allows one global resolver.
    public static void EnsureInstalled()
    {
        Locate();
        lock (Gate)
            if (GlobalFontSettings.FontResolver is not NotoCjkFontResolver)
                GlobalFontSettings.FontResolver = new NotoCjkFontResolver();
    }

    public FontResolverInfo? ResolveTypeface(string familyName, bool bold, bool italic) => new("NotoSansCJKJP-Regular");

    public byte[]? GetFont(string faceName) => Face.Value;

    /// Copies one face of a TrueType collection into a standalone sfnt: its table directory, then its tables.
    public static byte[] ExtractFirstFace(byte[] collection)
    {
        ArgumentNullException.ThrowIfNull(collection);
        var s = collection.AsSpan();
        if (s.Length < 16 || s[0] != 't' || s[1] != 't' || s[2] != 'c' || s[3] != 'f') return collection;
        var offset = (int)BinaryPrimitives.ReadUInt32BigEndian(s[12..]);
        var tableCount = BinaryPrimitives.ReadUInt16BigEndian(s[(offset + 4)..]);
        var headerLength = 12 + 16 * tableCount;
        var tables = new List<(int Offset, int Length)>(tableCount);
        for (var t = 0; t < tableCount; t++)
        {
            var record = offset + 12 + 16 * t;
            tables.Add(((int)BinaryPrimitives.ReadUInt32BigEndian(s[(record + 8)..]), (int)BinaryPrimitives.ReadUInt32BigEndian(s[(record + 12)..])));
        }
        var font = new byte[headerLength + tables.Sum(t => (t.Length + 3) & ~3)];
        s.Slice(offset, headerLength).CopyTo(font);
        var position = headerLength;
        for (var t = 0; t < tableCount; t++)
        {
            s.Slice(tables[t].Offset, tables[t].Length).CopyTo(font.AsSpan(position));
            BinaryPrimitives.WriteUInt32BigEndian(font.AsSpan(12 + 16 * t + 8), (uint)position);
            position += (tables[t].Length + 3) & ~3;
        }
        return font;
    }
}

/// <summary>The claim as a one-page Japanese office form (A4 portrait): facts, itemized lines in a ruled table,
/// total, adjustments with reasons, and for a correction the difference from the previous version.</summary>
public static class ClaimPdf
{
    private const double Margin = 40;

    public static byte[] Render(ClaimDetail detail, string organisation, IStringLocalizer text)
    {
        ArgumentNullException.ThrowIfNull(detail);
        ArgumentNullException.ThrowIfNull(text);
        NotoCjkFontResolver.EnsureInstalled();
        var claim = detail.Claim;
        var document = new PdfDocument();
        document.Info.Title = $"{text["Export.Title"]} {claim.FacilityName} {claim.Month:yyyy-MM} v{claim.VersionNumber}";
        document.Options.CompressContentStreams = true;
        var page = document.AddPage();
        page.Size = PdfSharp.PageSize.A4;
        var gfx = XGraphics.FromPdfPage(page);
        // Unicode (Type 0) encoding for every string: with WinAnsi, PDFsharp would embed the CFF face as a simple
        // TrueType font for ASCII-only strings (the figures), which viewers then cannot draw.
        var unicode = new XPdfFontOptions(PdfFontEncoding.Unicode);
        var title = new XFont(NotoCjkFontResolver.Family, 16, XFontStyleEx.Regular, unicode);
        var normal = new XFont(NotoCjkFontResolver.Family, 9, XFontStyleEx.Regular, unicode);
        var small = new XFont(NotoCjkFontResolver.Family, 7, XFontStyleEx.Regular, unicode);
        var pen = new XPen(XColors.Black, 0.5);
        var width = page.Width.Point - 2 * Margin;
        var y = Margin;

        gfx.DrawString(text["Export.Title"], title, XBrushes.Black, new XRect(Margin, y, width, 24), XStringFormats.TopCenter);
        gfx.DrawString(claim.Locked ? text["Export.LockedShort"] : text["Export.Draft"], normal, XBrushes.Black,
            new XRect(Margin, y, width, 14), XStringFormats.TopRight);
        y += 32;

        foreach (var (label, value) in ClaimExports.Facts(claim, organisation, text))
        {
            gfx.DrawRectangle(pen, Margin, y, 110, 16);
            gfx.DrawRectangle(pen, Margin + 110, y, width - 110, 16);
            gfx.DrawString(label, normal, XBrushes.Black, new XRect(Margin + 4, y, 106, 16), XStringFormats.CenterLeft);
            gfx.DrawString(Fit(gfx, value, normal, width - 118), normal, XBrushes.Black, new XRect(Margin + 114, y, width - 118, 16), XStringFormats.CenterLeft);
            y += 16;
        }
        y += 12;

        double[] widths = [45, 190, 60, 75, 70, width - 440];
        string[] heads = [text["Subsidies.Part"], text["Subsidies.Line"], text["Subsidies.Unit"], text["Subsidies.Quantity"], text["Export.Calculated"], text["Export.Claimed"]];
        y = Row(gfx, pen, normal, y, 16, widths, heads, [false, false, true, true, true, true], XBrushes.Black, shade: true);
        foreach (var line in claim.Lines)
        {
            if (y + 60 > page.Height.Point - Margin)
            {
                // A long statement (many group homes) continues on the next sheet under the same headings.
                gfx.Dispose();
                page = document.AddPage();
                page.Size = PdfSharp.PageSize.A4;
                gfx = XGraphics.FromPdfPage(page);
                y = Row(gfx, pen, normal, Margin, 16, widths, heads, [false, false, true, true, true, true], XBrushes.Black, shade: true);
            }
            var rowTop = y;
            y = Row(gfx, pen, normal, y, 26, widths,
                [text[$"Subsidies.Part.{line.Line.Part}"], "", Yen(line.Line.UnitYen), $"{line.Line.Quantity}{text[$"Subsidies.Basis.{line.Line.Basis}"]}",
                 Yen(line.Line.Amount), Yen(line.ClaimedYen)],
                [false, false, true, true, true, true], XBrushes.Black);
            gfx.DrawString(Fit(gfx, line.Line.Label, normal, widths[1] - 8), normal, XBrushes.Black, new XRect(Margin + widths[0] + 4, rowTop + 2, widths[1] - 8, 12), XStringFormats.TopLeft);
            gfx.DrawString(Fit(gfx, ClaimExports.Rule(line.Line, text), small, widths[1] - 8), small, XBrushes.DimGray,
                new XRect(Margin + widths[0] + 4, rowTop + 14, widths[1] - 8, 10), XStringFormats.TopLeft);
        }
        y = Row(gfx, pen, normal, y, 18, widths,
            [text["Subsidies.Total"], "", "", "", Yen(claim.Statement.Total), Yen(claim.TotalYen)], [false, false, true, true, true, true], XBrushes.Black, shade: true);
        y += 10;

        if (y + 40 + 14 * (claim.Adjustments.Count + claim.Statement.Warnings.Count) + (detail.Difference is { } d0 ? 16 * (d0.Lines.Count + 3) : 0) > page.Height.Point - Margin)
        {
            gfx.Dispose();
            page = document.AddPage();
            page.Size = PdfSharp.PageSize.A4;
            gfx = XGraphics.FromPdfPage(page);
            y = Margin;
        }
        foreach (var adjustment in claim.Adjustments)
        {
            var label = claim.Statement.Lines.FirstOrDefault(l => l.Code == adjustment.LineCode)?.Label ?? adjustment.LineCode;
            gfx.DrawString(Fit(gfx, text["Export.AdjustmentLine", label, Yen(adjustment.FromYen), Yen(adjustment.ToYen), adjustment.Reason, adjustment.By], normal, width),
                normal, XBrushes.Black, new XRect(Margin, y, width, 14), XStringFormats.TopLeft);
            y += 14;
        }
        foreach (var warning in claim.Statement.Warnings)
        {
            gfx.DrawString(Fit(gfx, text[$"Subsidies.Warning.{warning.Code}", text[$"Subsidies.Item.{(warning.Item.Length == 0 ? "None" : warning.Item)}"], warning.Detail], normal, width),
                normal, XBrushes.DarkRed, new XRect(Margin, y, width, 14), XStringFormats.TopLeft);
            y += 14;
        }

        if (detail.Difference is { } diff)
        {
            y += 8;
            gfx.DrawString(text["Export.Difference", diff.PreviousVersion], normal, XBrushes.Black, new XRect(Margin, y, width, 14), XStringFormats.TopLeft);
            y += 16;
            double[] dw = [width - 240, 80, 80, 80];
            y = Row(gfx, pen, normal, y, 16, dw, [text["Subsidies.Line"], text["Export.Previous"], text["Export.Current"], text["Export.Change"]],
                [false, true, true, true], XBrushes.Black, shade: true);
            foreach (var d in diff.Lines.Where(d => d.DifferenceYen != 0))
                y = Row(gfx, pen, normal, y, 16, dw, [Fit(gfx, d.Label, normal, dw[0] - 8), Yen(d.PreviousYen), Yen(d.CurrentYen), Yen(d.DifferenceYen)],
                    [false, true, true, true], XBrushes.Black);
            Row(gfx, pen, normal, y, 16, dw, [text["Subsidies.Total"], Yen(diff.PreviousTotalYen), Yen(diff.CurrentTotalYen), Yen(diff.DifferenceYen)],
                [false, true, true, true], XBrushes.Black, shade: true);
        }

        gfx.DrawString(text["Export.Footer"], small, XBrushes.DimGray, new XRect(Margin, page.Height.Point - Margin, width, 10), XStringFormats.TopLeft);
        gfx.Dispose();
        using var buffer = new MemoryStream();
        document.Save(buffer, closeStream: false);
        return buffer.ToArray();
    }

    private static double Row(XGraphics gfx, XPen pen, XFont font, double y, double height, double[] widths, string[] cells, bool[] right, XBrush brush, bool shade = false)
    {
        var x = Margin;
        for (var i = 0; i < widths.Length; i++)
        {
            if (shade) gfx.DrawRectangle(XBrushes.WhiteSmoke, x, y, widths[i], height);
            gfx.DrawRectangle(pen, x, y, widths[i], height);
            if (cells[i].Length > 0)
                gfx.DrawString(Fit(gfx, cells[i], font, widths[i] - 8), font, brush, new XRect(x + 4, y, widths[i] - 8, height),
                    right[i] ? XStringFormats.CenterRight : XStringFormats.CenterLeft);
            x += widths[i];
        }
        return y + height;
    }

    /// Shortens a text with "…" so it stays inside its cell.
    private static string Fit(XGraphics gfx, string text, XFont font, double width)
    {
        if (gfx.MeasureString(text, font).Width <= width) return text;
        var cut = text;
        while (cut.Length > 1 && gfx.MeasureString(cut + "…", font).Width > width) cut = cut[..^1];
        return cut + "…";
    }

    private static string Yen(long yen) => yen.ToString("N0", CultureInfo.InvariantCulture);

    private static string Yen(long? yen) => yen is { } y ? Yen(y) : "—";
}
