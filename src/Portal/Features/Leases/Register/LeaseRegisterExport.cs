using System.Globalization;
using Hidamari.Portal.Infrastructure;
using Microsoft.Extensions.Localization;
using MiniExcelLibs;

namespace Hidamari.Portal.Features.Leases.Register;

/// <summary>
/// 賃貸借契約台帳: one row per lease with its current terms. Excel shows dates the way the reader's language
/// writes them (和暦 in Japanese) and money as numbers with a thousands format; CSV is for machines: ISO dates,
/// plain integer yen, UTF-8 with a byte-order mark so that Excel opens the Japanese text correctly.
/// </summary>
public static class LeaseRegisterExport
{
    private sealed record Column(string Key, Func<LeaseListItem, DateOnly, object?> Value);

    private static readonly Column[] Columns =
    [
        new("Leases.Facility", (i, _) => i.FacilityName),
        new("Leases.GroupHome", (i, _) => i.GroupHomeName),
        new("Leases.Landlord", (i, _) => i.Lease.Terms.Landlord),
        new("Leases.LandlordContact", (i, _) => i.Lease.Terms.LandlordContact),
        new("Leases.Address", (i, _) => i.Lease.Terms.Address),
        new("Leases.FloorArea", (i, _) => i.Lease.Terms.FloorArea),
        new("Leases.Rooms", (i, _) => i.Lease.Terms.Rooms),
        new("Leases.SignedOn", (i, _) => i.Lease.Terms.SignedOn),
        new("Leases.StartsOn", (i, _) => i.Lease.Terms.StartsOn),
        new("Leases.EndsOn", (i, _) => i.Lease.EndsOn),
        new("Leases.Renewal", (i, _) => i.Lease.Terms.Renewal),
        new("Leases.NoticePeriodMonths", (i, _) => i.Lease.Terms.NoticePeriodMonths),
        new("Leases.RenewalTermMonths", (i, _) => i.Lease.Terms.RenewalTermMonths),
        new("Leases.MonthlyRent", (i, today) => i.Lease.RentOn(today).MonthlyRent),
        new("Leases.CommonCharges", (i, today) => i.Lease.RentOn(today).CommonCharges),
        new("Leases.Deposit", (i, _) => i.Lease.Terms.Deposit),
        new("Leases.KeyMoney", (i, _) => i.Lease.Terms.KeyMoney),
        new("Leases.BrokerageFee", (i, _) => i.Lease.Terms.BrokerageFee),
        new("Leases.GuarantorFee", (i, _) => i.Lease.Terms.GuarantorFee),
        new("Leases.RenewalFee", (i, _) => i.Lease.Terms.RenewalFee),
        new("Leases.RestorationObligations", (i, _) => i.Lease.Terms.RestorationObligations),
        new("Leases.Status", (i, _) => i.Lease.IsTerminated ? LeaseStatus.Terminated : LeaseStatus.Active),
        new("Leases.MoveOutOn", (i, _) => i.Lease.Termination?.MoveOutOn),
        new("Leases.DepositReturned", (i, _) => i.Lease.Termination?.DepositReturned),
        new("Leases.Documents", (i, _) => i.Lease.Documents.Count),
    ];

    public static byte[] ToExcel(IReadOnlyList<LeaseListItem> leases, IStringLocalizer text, DateOnly today)
    {
        var culture = CultureInfo.CurrentUICulture;
        var rows = leases.Select(lease =>
        {
            IDictionary<string, object?> row = new Dictionary<string, object?>();
            foreach (var column in Columns)
            {
                row[text[column.Key]] = column.Value(lease, today) switch
                {
                    DateOnly d => JapaneseDates.Display(d, culture),
                    Enum e => text[$"{e.GetType().Name}.{e}"].Value,
                    var v => v,
                };
            }
            return row;
        }).ToList();
        if (rows.Count == 0)
            rows.Add(Columns.ToDictionary(c => text[c.Key].Value, _ => (object?)null));

        using var stream = new MemoryStream();
        stream.SaveAs(rows, sheetName: text["Leases.RegisterSheet"]);
        return stream.ToArray();
    }

    public static byte[] ToCsv(IReadOnlyList<LeaseListItem> leases, IStringLocalizer text, DateOnly today)
    {
        using var stream = new MemoryStream();
        // Escape: a landlord typed as "=HYPERLINK(...)" must not become a formula in the reader's spreadsheet.
        var options = new CsvHelper.CsvWriterOptions { WriteByteOrderMark = true, Injection = CsvHelper.CsvInjection.Escape };
        using (var csv = CsvHelper.CsvWriter.Create(stream, options, true))
        {
            csv.WriteRecord(Columns.Select(c => text[c.Key].Value).ToArray());
            foreach (var lease in leases)
            {
                csv.WriteRecord(Columns.Select(column => column.Value(lease, today) switch
                {
                    DateOnly d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                    decimal m => m.ToString(CultureInfo.InvariantCulture),
                    long n => n.ToString(CultureInfo.InvariantCulture),
                    int n => n.ToString(CultureInfo.InvariantCulture),
                    null => "",
                    var v => v.ToString() ?? "",
                }).ToArray());
            }
        }
        return stream.ToArray();
    }
}

public enum LeaseStatus { Active, Terminated }
