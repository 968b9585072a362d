using Hidamari.Portal.Features.Home;
using Hidamari.Portal.Features.Home.Searching;
using Hidamari.Portal.Features.Submissions;
using Microsoft.AspNetCore.Http;

namespace Hidamari.Tests.Features.Home;

/// The small rules behind the dashboard, search and the fiscal-year choice, without a database.
[Trait("Category", "Facilities")]
public sealed class HomeRulesTests
{
    [Theory]
    [InlineData(null, "2026-03-31", 2025)]
    [InlineData(null, "2026-04-01", 2026)]
    [InlineData(2021, "2026-11-27", 2021)]
    public void The_chosen_fiscal_year_wins_otherwise_the_one_today_falls_in(int? chosen, string today, int expected) =>
        Assert.Equal(expected, new FiscalYearChoice(chosen).Resolve(DateOnly.Parse(today, System.Globalization.CultureInfo.InvariantCulture)));

    [Theory]
    [InlineData("2024", 2024)]
    [InlineData("1800", null)]
    [InlineData("-1", null)]
    [InlineData("２０２４", null)]
    [InlineData("2024; evil", null)]
    public void Only_a_plausible_year_is_read_from_the_cookie(string value, int? expected)
    {
        var http = new DefaultHttpContext();
        http.Request.Headers.Cookie = $"{FiscalYearChoice.CookieName}={Uri.EscapeDataString(value)}";
        Assert.Equal(expected, FiscalYearChoice.Read(http));
    }

    [Fact]
    public void Onboarding_goes_facilities_group_homes_plan_staff_and_the_next_step_is_the_first_not_done()
    {
        var onboarding = new Onboarding(
        [
            new(OnboardingStep.Facilities, true, "/f"), new(OnboardingStep.GroupHomes, false, "/f"),
            new(OnboardingStep.Plan, true, "/p"), new(OnboardingStep.Staff, false, "/s"),
        ]);
        Assert.Equal(2, onboarding.Done);
        Assert.False(onboarding.Complete);
        Assert.Equal(OnboardingStep.GroupHomes, onboarding.Next!.Step);
    }

    [Fact]
    public void Only_the_latest_version_of_a_document_counts_so_a_returned_version_that_was_resubmitted_is_no_longer_work()
    {
        static SentSubmissionView Sent(int version, ReviewStatus? review, int? fiscalYear = null) => new(
            new SentSubmission(Guid.NewGuid(), "ward", "世田谷区", fiscalYear is null ? DocumentKind.DecentralizationPlan : DocumentKind.YearEndActuals,
                fiscalYear, version, "m", DateTimeOffset.UnixEpoch, new SubmissionContent([])) { Review = review, AcknowledgedAt = DateTimeOffset.UnixEpoch },
            1, null, false);

        var latest = HomeQueries.LatestVersions([Sent(1, ReviewStatus.Returned), Sent(2, null), Sent(1, ReviewStatus.Returned, 2024)]);
        Assert.Equal(2, latest.Count);
        Assert.Contains(latest, s => s.Kind == DocumentKind.DecentralizationPlan && s.DocumentVersion == 2 && s.Status == SentStatus.Received);
        Assert.Contains(latest, s => s.Kind == DocumentKind.YearEndActuals && s.Status == SentStatus.Returned);
    }

    [Theory]
    [InlineData("ＡＢＣ学園", "abc学園")]
    [InlineData("ｸﾞﾙｰﾌﾟﾎｰﾑ", "グループホーム")]
    public void Search_ignores_width_and_case(string stored, string typed) =>
        Assert.Equal(GlobalSearch.Normalize(stored), GlobalSearch.Normalize(typed));
}
