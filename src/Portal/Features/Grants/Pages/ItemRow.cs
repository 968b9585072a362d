using Hidamari.Portal.Features.Grants.Calculating;
using Hidamari.Portal.Features.Subsidies.Engine;

namespace Hidamari.Portal.Features.Grants.Pages;

/// An editable line of a form (draft, change request, report, decision).
public sealed class ItemRow
{
    public string Key { get; set; } = "";
    public OpeningCostKind Kind { get; set; }
    public string Description { get; set; } = "";
    public long Yen { get; set; }
    public string Source { get; set; } = "manual";
    public int? Participants { get; set; }

    public static ItemRow Of(GrantItem i) => new() { Key = i.Key, Kind = i.Kind, Description = i.Description, Yen = i.Yen, Source = i.Source, Participants = i.Participants };

    public GrantItem ToItem() => new(Key, Kind, Description, Yen, Source, Participants);

    /// A number field's text: empty means no count.
    public static int? Count(object? value) => int.TryParse(value?.ToString(), out var n) ? n : null;

    public static List<ItemRow> Of(IEnumerable<GrantItem>? items) => items?.Select(Of).ToList() ?? [];
}
