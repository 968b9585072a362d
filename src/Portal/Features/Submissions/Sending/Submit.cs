using Hidamari.Portal.Features.Facilities.Indicators;
using Hidamari.Portal.Features.Plans.Comparing;

namespace Hidamari.Portal.Features.Submissions.Sending;

/// Submit a document to the municipality of the corporation's jurisdiction; FiscalYear is needed for actuals only.
public sealed record Submit(DocumentKind Kind, int? FiscalYear = null);

/// Builds the immutable snapshot from the corporation's own plan and year-end indicators.
public static class Snapshot
{
    public static SubmissionContent OfPlan(PlanComparison comparison) => new(
    [
        .. comparison.Corporation.Where(y => y.Planned is not null).SelectMany(y =>
            new[] { Line(y.FiscalYear.ToString(System.Globalization.CultureInfo.InvariantCulture), y.FiscalYear, null, y.Planned!) }
            .Concat(comparison.Facilities
                .Select(f => (f.Name, Year: f.Years.First(fy => fy.FiscalYear == y.FiscalYear)))
                .Where(f => f.Year.Planned is not null)
                .Select(f => Line($"{y.FiscalYear}/{f.Name}", y.FiscalYear, f.Name, f.Year.Planned!)))),
    ]);

    public static SubmissionContent OfActuals(IndicatorSnapshot snapshot) => new(
    [
        Line(snapshot.FiscalYear.ToString(System.Globalization.CultureInfo.InvariantCulture), snapshot.FiscalYear, null, snapshot.Corporation),
        .. snapshot.Facilities.Select(f => Line($"{snapshot.FiscalYear}/{f.Name}", snapshot.FiscalYear, f.Name, f.Figures)),
    ]);

    private static SubmissionLine Line(string key, int fiscalYear, string? facility, CapacityIndicators figures) =>
        new(key, fiscalYear, Infrastructure.JapaneseDates.FiscalYearLabel(fiscalYear), facility,
            new LineFigures(figures.MainCapacity, figures.GroupHomeCount, figures.GroupHomeCapacity));
}
