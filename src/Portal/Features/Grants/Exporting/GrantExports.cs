using System.Globalization;
using System.Text;
using CsvHelper;
using Hidamari.Portal.Features.Subsidies.Claims;
using Hidamari.Portal.Infrastructure;
using Microsoft.Extensions.Localization;
using MiniExcelLibs;
using PdfSharp.Drawing;
using PdfSharp.Pdf;

namespace Hidamari.Portal.Features.Grants.Exporting;

/// <summary>
/// The municipality's files, always in Japanese: the decided list of a programme (交付決定一覧, CSV with BOM and xlsx)
/// and the decision notice of one application (交付決定通知書, PDF with the Japanese font the claims use).
/// </summary>
public static class GrantExports
{
    private static string[] Header(IStringLocalizer text) =>
    [
        text["Grants.Export.Corporation"], text["Grants.Export.Title"], text["Grants.Export.GroupHome"], text["Grants.Status"],
        text["Grants.Requested"], text["Grants.DecidedAmount"], text["Grants.FixedAmount"], text["Grants.Paid"], text["Grants.Excess"],
        text["Grants.National"], text["Grants.Export.DecidedBy"], text["Grants.Export.DecidedAt"], text["Grants.Export.Programme"], text["Grants.Export.Table"],
    ];

    private static object?[] Row(GrantCase c, IStringLocalizer text)
    {
        var decided = c.Timeline.LastOrDefault(t => t.What is "Decided" or "ChangeApproved");
        var figures = c.Fixed ?? c.Decided!;
        return
        [
            c.CorporationName, c.Application.Title, c.Application.GroupHome, text[$"Grants.Status.{c.Status}"].Value,
            c.RequestedYen, c.DecidedYen ?? 0, c.FixedYen, c.PaidYen, c.ExcessYen, figures.NationalYen,
            decided?.By ?? "", decided is null ? "" : ClaimExports.Stamp(decided.At),
            Cite(figures.Programme), TableCite(figures, text),
        ];
    }

    public static string Cite(Programmes.ProgrammeCitation p) => $"{p.Name} 第{p.Version}版（{JapaneseDates.FiscalYearLabel(p.FiscalYear)}）";

    public static string TableCite(Calculating.GrantFigures f, IStringLocalizer text) =>
        $"{text["Grants.TableVersion", f.TableNumber, JapaneseDates.FiscalYearLabel(f.TableFiscalYear)]} {f.Notice} / {text[$"Subsidies.Rounding.{f.Rounding}"]}";

    public static IReadOnlyList<GrantCase> Decided(IEnumerable<GrantCase> cases) =>
        [.. cases.Where(c => c.Decided is not null).OrderBy(c => c.CorporationName, StringComparer.Ordinal).ThenBy(c => c.Application.Title, StringComparer.Ordinal)];

    public static byte[] ToCsv(IReadOnlyList<GrantCase> decided, IStringLocalizer text)
    {
        using var buffer = new MemoryStream();
        using (var writer = new StreamWriter(buffer, new UTF8Encoding(encoderShouldEmitUTF8Identifier: true), leaveOpen: true))
        using (var csv = CsvWriter.Create(writer, new CsvWriterOptions()))
        {
            csv.WriteRecord(Header(text));
            foreach (var c in decided)
                csv.WriteRecord([.. Row(c, text).Select(v => v switch
                {
                    null => "",
                    long y => y.ToString(CultureInfo.InvariantCulture),
                    _ => v.ToString() ?? "",
                })]);
        }
        return buffer.ToArray();
    }

    public static byte[] ToXlsx(IReadOnlyList<GrantCase> decided, IStringLocalizer text)
    {
        var header = Header(text);
        var rows = decided.Select(c =>
        {
            var row = Row(c, text);
            var values = new Dictionary<string, object?>();
            for (var i = 0; i < header.Length; i++) values[header[i]] = row[i];
            return values;
        }).ToList();
        using var buffer = new MemoryStream();
        buffer.SaveAs(new Dictionary<string, object> { [text["Grants.Export.Sheet"].Value] = rows }, excelType: ExcelType.XLSX);
        return buffer.ToArray();
    }

    /// <summary>交付決定通知書: to whom, under which programme version, the amount per item and the sharing, the conditions.</summary>
    public static byte[] DecisionNotice(GrantCase c, string municipality, IStringLocalizer text)
    {
        ArgumentNullException.ThrowIfNull(c);
        var figures = c.Decided ?? throw new InvalidOperationException("not decided");
        NotoCjkFontResolver.EnsureInstalled();
        var document = new PdfDocument();
        document.Info.Title = $"{text["Grants.Notice.Title"]} {c.CorporationName} {c.Application.Title}";
        var page = document.AddPage();
        page.Size = PdfSharp.PageSize.A4;
        using var gfx = XGraphics.FromPdfPage(page);
        var unicode = new XPdfFontOptions(PdfFontEncoding.Unicode);
        var title = new XFont(NotoCjkFontResolver.Family, 16, XFontStyleEx.Regular, unicode);
        var normal = new XFont(NotoCjkFontResolver.Family, 9, XFontStyleEx.Regular, unicode);
        var small = new XFont(NotoCjkFontResolver.Family, 7, XFontStyleEx.Regular, unicode);
        var pen = new XPen(XColors.Black, 0.5);
        const double margin = 40;
        var width = page.Width.Point - 2 * margin;
        var y = margin;
        var decided = c.Timeline.Last(t => t.What is "Decided" or "ChangeApproved");

        gfx.DrawString(text["Grants.Notice.Title"], title, XBrushes.Black, new XRect(margin, y, width, 24), XStringFormats.TopCenter);
        y += 34;
        string[][] facts =
        [
            [text["Grants.Export.Corporation"], c.CorporationName],
            [text["Grants.Notice.From"], municipality],
            [text["Grants.Export.Title"], c.Application.Title],
            [text["Grants.Export.GroupHome"], $"{c.Application.GroupHome}（{c.Application.Homes}か所）"],
            [text["Grants.Export.Programme"], Cite(figures.Programme)],
            [text["Grants.Export.DecidedAt"], $"{JapaneseDates.Wareki(DateOnly.FromDateTime(decided.At.ToOffset(TimeSpan.FromHours(9)).DateTime))} {decided.By}"],
            [text["Grants.Conditions"], c.Conditions.Length == 0 ? "—" : c.Conditions],
        ];
        foreach (var fact in facts)
        {
            gfx.DrawRectangle(pen, margin, y, 110, 16);
            gfx.DrawRectangle(pen, margin + 110, y, width - 110, 16);
            gfx.DrawString(fact[0], normal, XBrushes.Black, new XRect(margin + 4, y, 106, 16), XStringFormats.CenterLeft);
            gfx.DrawString(fact[1], normal, XBrushes.Black, new XRect(margin + 114, y, width - 118, 16), XStringFormats.CenterLeft);
            y += 16;
        }
        y += 14;
        double[] widths = [width - 340, 85, 85, 85, 85];
        y = Row(gfx, pen, normal, margin, y, widths,
            [text["Grants.Item"], text["Grants.Requested"], text["Grants.Eligible"], text["Grants.DecidedAmount"], text["Grants.National"]], true);
        foreach (var line in figures.Lines)
        {
            var requested = c.Application.Items.FirstOrDefault(i => i.Key == line.Key)?.Yen ?? 0;
            y = Row(gfx, pen, normal, margin, y, widths, [line.Description, Yen(requested), Yen(line.EligibleYen), Yen(line.GrantYen), Yen(line.NationalYen)], false);
        }
        y = Row(gfx, pen, normal, margin, y, widths,
            [text["Grants.Total"], Yen(c.Application.Items.Sum(i => i.Yen)), Yen(figures.EligibleYen), Yen(figures.GrantYen), Yen(figures.NationalYen)], true);
        y += 10;
        gfx.DrawString(text["Grants.Notice.Amount", Yen(figures.GrantYen)], normal, XBrushes.Black, new XRect(margin, y, width, 14), XStringFormats.TopLeft);
        y += 16;
        gfx.DrawString(TableCite(figures, text), small, XBrushes.DimGray, new XRect(margin, y, width, 12), XStringFormats.TopLeft);
        using var buffer = new MemoryStream();
        gfx.Dispose();
        document.Save(buffer, closeStream: false);
        return buffer.ToArray();
    }

    private static double Row(XGraphics gfx, XPen pen, XFont font, double x, double y, double[] widths, string[] cells, bool shade)
    {
        for (var i = 0; i < widths.Length; i++)
        {
            if (shade) gfx.DrawRectangle(XBrushes.WhiteSmoke, x, y, widths[i], 16);
            gfx.DrawRectangle(pen, x, y, widths[i], 16);
            gfx.DrawString(cells[i], font, XBrushes.Black, new XRect(x + 4, y, widths[i] - 8, 16), i == 0 ? XStringFormats.CenterLeft : XStringFormats.CenterRight);
            x += widths[i];
        }
        return y + 16;
    }

    private static string Yen(long yen) => yen.ToString("N0", CultureInfo.InvariantCulture);

    /// Renders under the ja-JP UI culture whatever language the person uses.
    public static T InJapanese<T>(Func<T> render)
    {
        var ui = CultureInfo.CurrentUICulture;
        CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo("ja-JP");
        try { return render(); }
        finally { CultureInfo.CurrentUICulture = ui; }
    }
}
