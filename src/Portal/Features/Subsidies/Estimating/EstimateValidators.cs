using FluentValidation;
using Hidamari.Portal.Features.Subsidies.Engine;
using Hidamari.Portal.Infrastructure;
using Microsoft.Extensions.Localization;

namespace Hidamari.Portal.Features.Subsidies.Estimating;

/// Counts are people and places: never negative, and within what one facility can hold.
public sealed class ResidentsValidator : AbstractValidator<ResidentsByAge>
{
    public ResidentsValidator(IStringLocalizer<SharedResource> text)
    {
        RuleFor(r => r).Must(r => r.Infants >= 0 && r.Toddlers >= 0 && r.Preschool >= 0 && r.Elementary >= 0 && r.JuniorHigh >= 0
                && r.HighSchool >= 0 && r.Older >= 0 && r.Total <= 1000)
            .WithMessage(_ => text["Claims.Validation.Residents"]).OverridePropertyName("Residents");
    }
}

public sealed class EstimateFiguresValidator : AbstractValidator<EstimateFigures>
{
    public EstimateFiguresValidator(IStringLocalizer<SharedResource> text)
    {
        RuleFor(f => f.Residents).NotNull().WithMessage(_ => text["Claims.Validation.Residents"]).SetValidator(new ResidentsValidator(text));
        RuleFor(f => f.SmallGroupCareUnits).InclusiveBetween(0, 50).WithMessage(_ => text["Claims.Validation.Units"]);
        RuleFor(f => f.QualifyingPosts).NotNull().WithMessage(_ => text["Subsidies.Validation.Posts"]);
        RuleForEach(f => f.QualifyingPosts).IsInEnum().WithMessage(_ => text["Subsidies.Validation.Posts"]);
        RuleFor(f => f.ImprovementClass).NotNull().MaximumLength(20).WithMessage(_ => text["Validation.NameTooLong", 20]);
        RuleFor(f => f.Region).NotNull().MaximumLength(50).WithMessage(_ => text["Validation.NameTooLong", 50]);
    }
}

public sealed class FacilityMonthStateValidator : AbstractValidator<FacilityMonthState>
{
    public FacilityMonthStateValidator(IStringLocalizer<SharedResource> text)
    {
        RuleFor(s => s.FacilityName).NotEmpty().WithMessage(_ => text["Validation.NameRequired"])
            .MaximumLength(100).WithMessage(_ => text["Validation.NameTooLong", 100]);
        RuleFor(s => s.Kind).IsInEnum().WithMessage(_ => text["Subsidies.Error.KindNotPriced"]);
        RuleFor(s => s.Capacity).InclusiveBetween(1, 1000).WithMessage(_ => text["Validation.CapacityRange", 1, 1000]);
        RuleFor(s => s.Residents).NotNull().WithMessage(_ => text["Claims.Validation.Residents"]).SetValidator(new ResidentsValidator(text));
        RuleFor(s => s.SmallGroupCareUnits).InclusiveBetween(0, 50).WithMessage(_ => text["Claims.Validation.Units"]);
        RuleFor(s => s.RegionalGroupHomes).NotNull().WithMessage(_ => text["Subsidies.Validation.GroupHome"]);
        RuleForEach(s => s.RegionalGroupHomes).Must(h => h is not null && !string.IsNullOrWhiteSpace(h.Name) && h.Capacity is >= 1 and <= 6)
            .WithMessage(_ => text["Subsidies.Validation.GroupHome"]);
        RuleFor(s => s.QualifyingPosts).NotNull().WithMessage(_ => text["Subsidies.Validation.Posts"]);
        RuleForEach(s => s.QualifyingPosts).IsInEnum().WithMessage(_ => text["Subsidies.Validation.Posts"]);
        RuleFor(s => s.ImprovementClass).NotNull().MaximumLength(20).WithMessage(_ => text["Validation.NameTooLong", 20]);
        RuleFor(s => s.Region).NotNull().MaximumLength(50).WithMessage(_ => text["Validation.NameTooLong", 50]);
    }
}

public sealed class EstimateRequestValidator : AbstractValidator<EstimateRequest>
{
    public EstimateRequestValidator(IStringLocalizer<SharedResource> text)
    {
        RuleFor(r => r.Month).Must(Dates.IsPlausible).WithMessage(_ => text["Validation.DatePlausible"]);
        RuleFor(r => r).Must(r => r.State is not null || r.FacilityId is not null)
            .WithMessage(_ => text["Subsidies.Validation.StateOrFacility"]).OverridePropertyName("State");
        RuleFor(r => r.State!).SetValidator(new FacilityMonthStateValidator(text)).When(r => r.State is not null);
        RuleFor(r => r.Figures!).SetValidator(new EstimateFiguresValidator(text)).When(r => r.Figures is not null);
    }
}

public sealed class OpeningCostPlanValidator : AbstractValidator<OpeningCostPlan>
{
    public OpeningCostPlanValidator(IStringLocalizer<SharedResource> text)
    {
        RuleFor(p => p.FiscalYear).InclusiveBetween(1990, 2100).WithMessage(_ => text["Subsidies.Validation.FiscalYear"]);
        RuleFor(p => p.Items).NotEmpty().WithMessage(_ => text["Subsidies.Validation.Costs"]);
        RuleForEach(p => p.Items).Must(i => i is not null && i.Yen is >= 0 and <= 1_000_000_000_000 && !string.IsNullOrWhiteSpace(i.Programme)
                && Enum.IsDefined(i.Kind) && i.GroupHome is not null && i.Description is not null)
            .WithMessage(_ => text["Subsidies.Validation.Costs"]);
        RuleFor(p => p.Exclusions).NotNull().WithMessage(_ => text["Subsidies.Validation.Costs"]);
        RuleForEach(p => p.Exclusions).Must(e => e is not null && e.Yen is >= 0 and <= 1_000_000_000_000 && !string.IsNullOrWhiteSpace(e.Reason))
            .WithMessage(_ => text["Subsidies.Validation.ExclusionReason"]);
    }
}

public sealed class YearViewRequestValidator : AbstractValidator<YearViewRequest>
{
    public YearViewRequestValidator(IStringLocalizer<SharedResource> text)
    {
        RuleFor(r => r.FiscalYear).InclusiveBetween(1990, 2100).WithMessage(_ => text["Subsidies.Validation.FiscalYear"]);
        RuleFor(r => r).Must(r => r.State is not null || r.FacilityId is not null)
            .WithMessage(_ => text["Subsidies.Validation.StateOrFacility"]).OverridePropertyName("State");
        RuleFor(r => r.State!).SetValidator(new FacilityMonthStateValidator(text)).When(r => r.State is not null);
        RuleFor(r => r.Figures!).SetValidator(new EstimateFiguresValidator(text)).When(r => r.Figures is not null);
        RuleFor(r => r.Plan).NotNull().Must(p => p is null || p.Count <= 50).WithMessage(_ => text["Subsidies.Validation.GroupHome"]);
        RuleForEach(r => r.Plan).Must(h => h is not null && !string.IsNullOrWhiteSpace(h.Name) && h.Capacity is >= 1 and <= 6 && Dates.IsPlausible(h.OpensOn))
            .WithMessage(_ => text["Subsidies.Validation.GroupHome"]);
        RuleFor(r => r.HomesInBase).InclusiveBetween(1, 100).WithMessage(_ => text["Subsidies.Validation.GroupHome"]);
        RuleFor(r => r.OpeningCostBase!).SetValidator(new OpeningCostPlanValidator(text)).When(r => r.OpeningCostBase is not null);
    }
}
