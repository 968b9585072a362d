using System.Globalization;
using System.Text.RegularExpressions;
using Hidamari.Portal;
using Hidamari.Portal.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Hidamari.Tests.Foundation;

/// <summary>
/// Every UI text the code asks for exists in Japanese and English. The code is read as text: any string literal shaped
/// like a resource key ("Area.Name…", first segment one of the tables' areas) in a .razor or .cs file of the portal must
/// be a key of Resources/strings*.tsv; an interpolated key ($"Submissions.Kind.{kind}") must match at least one key.
/// </summary>
[Trait("Category", "Foundation")]
public sealed partial class ResourceCompletenessTests
{
    private static readonly string Root = FindRoot();

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Directory.Packages.props"))) return dir.FullName;
        throw new InvalidOperationException("repository root not found");
    }

    private static string Portal => Path.Combine(Root, "src", "Portal");

    public sealed record Row(string File, int Line, string Key, string Japanese, string English);

    public static IReadOnlyList<Row> Rows() =>
    [
        .. Directory.GetFiles(Path.Combine(Portal, "Resources"), "strings*.tsv").Order(StringComparer.Ordinal).SelectMany(file =>
            File.ReadAllLines(file).Select((line, i) => (line, i)).Where(x => x.line.Length > 0 && !x.line.StartsWith('#'))
                .Select(x => x.line.Split('\t') is var c ? new Row(Path.GetFileName(file), x.i + 1, c[0], c.ElementAtOrDefault(1) ?? "", c.ElementAtOrDefault(2) ?? "") : null!)),
    ];

    private static IEnumerable<(string File, string Key)> KeysUsedInCode()
    {
        var areas = Rows().Select(r => r.Key.Split('.')[0]).ToHashSet(StringComparer.Ordinal);
        foreach (var file in Directory.GetFiles(Portal, "*.razor", SearchOption.AllDirectories)
                     .Concat(Directory.GetFiles(Portal, "*.cs", SearchOption.AllDirectories))
                     .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                              && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal)))
        {
            foreach (Match m in KeyLiteral().Matches(File.ReadAllText(file)))
                if (areas.Contains(m.Groups["key"].Value.Split('.')[0])) yield return (Path.GetRelativePath(Root, file), m.Groups["key"].Value);
        }
    }

    [Fact]
    public void Every_key_used_in_razor_or_csharp_exists_in_the_string_tables()
    {
        var keys = Rows().Select(r => r.Key).ToHashSet(StringComparer.Ordinal);
        var used = KeysUsedInCode().ToList();
        Assert.True(used.Count > 500, $"only {used.Count} keys found: is the scan still reading the code?");
        var missing = used.Where(u => u.Key.Contains('{', StringComparison.Ordinal)
                ? !keys.Any(new Regex("^" + Placeholder().Replace(Regex.Escape(u.Key), ".+") + "$").IsMatch)
                : !keys.Contains(u.Key))
            .Select(u => $"{u.File}: {u.Key}").Distinct().ToList();
        Assert.True(missing.Count == 0, "keys missing from Resources/strings*.tsv:\n" + string.Join("\n", missing));
    }

    [Fact]
    public void Every_row_has_a_japanese_and_an_english_text_with_the_same_placeholders_and_no_key_twice()
    {
        var rows = Rows();
        var incomplete = rows.Where(r => string.IsNullOrWhiteSpace(r.Japanese) || string.IsNullOrWhiteSpace(r.English))
            .Select(r => $"{r.File}:{r.Line} {r.Key}").ToList();
        Assert.True(incomplete.Count == 0, "rows without both texts:\n" + string.Join("\n", incomplete));
        var placeholders = rows.Where(r => !Arguments(r.Japanese).SetEquals(Arguments(r.English)))
            .Select(r => $"{r.File}:{r.Line} {r.Key}").ToList();
        Assert.True(placeholders.Count == 0, "placeholders differ between ja and en:\n" + string.Join("\n", placeholders));
        var twice = rows.GroupBy(r => r.Key).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        Assert.True(twice.Count == 0, "keys defined twice: " + string.Join(", ", twice));
    }

    [Fact]
    public void The_built_resources_answer_every_key_in_both_languages()
    {
        var services = new ServiceCollection().AddLogging().AddLocalization().BuildServiceProvider();
        var text = services.GetRequiredService<IStringLocalizer<SharedResource>>();
        var original = CultureInfo.CurrentUICulture;
        try
        {
            foreach (var (culture, pick) in new (string, Func<Row, string>)[] { ("ja-JP", r => r.Japanese), ("en", r => r.English) })
            {
                CultureInfo.CurrentUICulture = new CultureInfo(culture);
                var wrong = Rows().Where(r => text[r.Key] is var s && (s.ResourceNotFound || s.Value != pick(r))).Select(r => $"{culture} {r.Key}").ToList();
                Assert.True(wrong.Count == 0, "resources not built from the tables:\n" + string.Join("\n", wrong.Take(20)));
            }
        }
        finally
        {
            CultureInfo.CurrentUICulture = original;
        }
    }

    private static HashSet<string> Arguments(string text) => [.. Argument().Matches(text).Select(m => m.Groups[1].Value)];

    [GeneratedRegex("""\$?@?"(?<key>[A-Z][A-Za-z0-9]*(?:\.(?:[A-Za-z0-9_]+|\{[^"}]+\}))+)"(?!\s*\+)""")]
    private static partial Regex KeyLiteral();

    [GeneratedRegex(@"\\\{[^}]*}")]
    private static partial Regex Placeholder();

    [GeneratedRegex(@"\{(\d+)[^}]*\}")]
    private static partial Regex Argument();
}

/// The reader's choice of date style and the yen format.
[Trait("Category", "Foundation")]
public sealed class DisplayFormatTests
{
    [Fact]
    public void Dates_follow_the_persons_choice_and_else_the_language()
    {
        var date = new DateOnly(2025, 4, 1);
        var (ja, en) = (new CultureInfo("ja-JP"), new CultureInfo("en"));
        var before = JapaneseDates.PreferredStyle;
        try
        {
            JapaneseDates.PreferredStyle = null;
            Assert.Equal(("令和7年4月1日", "2025-04-01"), (JapaneseDates.Display(date, ja), JapaneseDates.Display(date, en)));
            JapaneseDates.PreferredStyle = DateStyle.Iso;
            Assert.Equal(("2025-04-01", "2025-04-01"), (JapaneseDates.Display(date, ja), JapaneseDates.Display(date, en)));
            JapaneseDates.PreferredStyle = DateStyle.Wareki;
            Assert.Equal(("令和7年4月1日", "令和7年4月1日"), (JapaneseDates.Display(date, ja), JapaneseDates.Display(date, en)));
        }
        finally
        {
            JapaneseDates.PreferredStyle = before;
        }
        Assert.Equal("令和7年度", JapaneseDates.FiscalYearLabel(2025));
        Assert.Equal(("12,345,678円", "¥12,345,678"), (JapaneseDates.Yen(12_345_678, ja), JapaneseDates.Yen(12_345_678, en)));
    }
}
