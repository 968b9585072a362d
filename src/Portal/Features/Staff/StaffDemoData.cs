using Bogus;
using Hidamari.Portal.Features.Facilities;
using Hidamari.Portal.Features.Staff.Compliance;
using Hidamari.Portal.Features.Staff.Hiring;
using Hidamari.Portal.Features.Staff.Qualifying;
using Hidamari.Portal.Features.Staff.Training;
using Hidamari.Portal.Infrastructure;
using Hidamari.Tenancy;

namespace Hidamari.Portal.Features.Staff;

/// <summary>
/// Demo staff for a demo corporation, generated with Bogus (Japanese names, a seed fixed per tenant) through the same
/// commands the pages use: for each facility, residents for this month, enough direct-care staff for the 2011 ratios
/// plus the add-on posts, two full-time and one part-time worker per regional group home, a small training catalogue
/// with sessions and a plan for this fiscal year. One first-aid certificate expires 25 days from seeding, so that the
/// alerts card has something to show, and one 基幹的職員 still lacks the senior training.
/// </summary>
public sealed class StaffDemoData(StaffCommands commands, StaffQueries queries, TrainingCommands training, FacilityQueries facilities)
{
    private const string DemoUser = "demo-data";

    public async Task SeedAsync(TenantInfo tenant, CancellationToken ct)
    {
        if ((await queries.AllAsync(tenant, ct)).Count > 0) return;
        var faker = new Faker("ja") { Random = new Randomizer(StableSeed(tenant.Id)) };
        var today = queries.Today;
        var thisMonth = new DateOnly(today.Year, today.Month, 1);
        var hired = new List<(Guid Id, JobCategory Category)>();

        async Task<Guid?> HireAsync(JobCategory category, Guid facilityId, Guid? groupHome, string? unit, EmploymentType employment, params QualificationKind[] qualifications)
        {
            var hiredOn = new DateOnly(faker.Random.Int(2005, 2021), faker.PickRandom(4, 4, 4, 10), 1);
            var name = $"{faker.Name.LastName()} {faker.Name.FirstName()}";
            var result = await commands.HireAsync(tenant, DemoUser, new HireStaffMember(name, null, hiredOn, category, employment,
                employment == EmploymentType.PartTime ? faker.PickRandom(16m, 20m, 24m, 30m) : 0, faker.Random.Int(0, 8), facilityId, groupHome, unit), ct);
            if (!result.Succeeded) return null;
            foreach (var kind in qualifications)
                await commands.RecordQualificationAsync(tenant, DemoUser, result.Value,
                    new RecordQualification(kind, null, hiredOn.AddYears(-faker.Random.Int(1, 5)), null, null), ct);
            hired.Add((result.Value, category));
            return result.Value;
        }

        var list = (await facilities.ListAsync(tenant, ct)).Facilities;
        foreach (var facility in list)
        {
            // 現員 about 90% of the main capacity, mostly school age (seed 001: average age 10.6).
            var residents = (int)Math.Round(facility.MainCapacity * 0.9m);
            var toddlers = residents >= 20 ? 1 : 0;
            var preSchool = residents / 6;
            var schoolAge = residents - toddlers - preSchool;
            var therapy = Math.Min(residents, faker.Random.Int(6, 14));
            var units = Math.Min(6, facility.MainCapacity / 6);
            await commands.RecordInputsAsync(tenant, DemoUser, facility.Id,
                new RecordStaffingInputs(thisMonth, 0, toddlers, preSchool, schoolAge, therapy, units), ct);

            var rules = StaffingRuleSets.InForceOn(today);
            var (posts, _) = StaffingCompliance.DirectCarePosts(rules, new Compliance.ResidentCounts(0, toddlers, preSchool, schoolAge));
            var satellites = facility.GroupHomes.Count(g => g.Kind == GroupHomeKind.SatelliteSmallGroupCare);
            var needed = posts + (facility.MainCapacity <= rules.SmallFacilityMaxCapacity ? 1 : 0) + units + satellites;
            for (var n = 0; n < needed; n++)
            {
                var unit = units > 0 ? $"ユニット{(char)('A' + n % units)}" : null;
                var careWorker = faker.Random.Bool(0.6f);
                await HireAsync(careWorker ? JobCategory.ChildCareWorker : JobCategory.ChildInstructor, facility.Id, null, unit,
                    n % 5 == 4 ? EmploymentType.PartTime : EmploymentType.FullTime,
                    careWorker ? QualificationKind.ChildCareWorker : faker.PickRandom(QualificationKind.ChildInstructorEligibility, QualificationKind.SocialWorker, QualificationKind.TeacherLicense));
            }
            // Every fifth worker is part-time and covers less than a post: one more full-time worker per five.
            for (var n = 0; n < (needed + 4) / 5; n++)
                await HireAsync(JobCategory.ChildCareWorker, facility.Id, null, null, EmploymentType.FullTime, QualificationKind.ChildCareWorker);

            await HireAsync(JobCategory.SeniorStaff, facility.Id, null, null, EmploymentType.FullTime, QualificationKind.ChildCareWorker, QualificationKind.SocialWorker);
            await HireAsync(JobCategory.FamilySupportSpecialist, facility.Id, null, null, EmploymentType.FullTime, QualificationKind.SocialWorker);
            await HireAsync(JobCategory.IndividualCareWorker, facility.Id, null, null, EmploymentType.FullTime, QualificationKind.ChildCareWorker);
            await HireAsync(JobCategory.Psychologist, facility.Id, null, null, EmploymentType.FullTime, QualificationKind.CertifiedPsychologist);
            await HireAsync(JobCategory.Nurse, facility.Id, null, null, EmploymentType.PartTime, QualificationKind.Nurse);
            if (facility.MainCapacity >= rules.NutritionistMinCapacity)
                await HireAsync(JobCategory.Nutritionist, facility.Id, null, null, EmploymentType.FullTime, QualificationKind.RegisteredDietitian);
            await HireAsync(JobCategory.Cook, facility.Id, null, null, EmploymentType.FullTime, QualificationKind.Cook);
            await HireAsync(JobCategory.Cook, facility.Id, null, null, EmploymentType.PartTime);
            await HireAsync(JobCategory.Clerk, facility.Id, null, null, EmploymentType.FullTime);
            await HireAsync(JobCategory.Director, facility.Id, null, null, EmploymentType.FullTime, QualificationKind.SocialWorker);

            foreach (var gh in facility.GroupHomes.Where(g => g.Kind == GroupHomeKind.RegionalSmallScale))
            {
                await HireAsync(JobCategory.ChildCareWorker, facility.Id, gh.Id, null, EmploymentType.FullTime, QualificationKind.ChildCareWorker);
                await HireAsync(JobCategory.ChildInstructor, facility.Id, gh.Id, null, EmploymentType.FullTime, QualificationKind.SocialWorker);
                await HireAsync(JobCategory.ChildCareWorker, facility.Id, gh.Id, null, EmploymentType.PartTime, QualificationKind.ChildCareWorker);
            }
        }
        if (hired.Count == 0) return;

        // One certificate to renew soon: the alerts card shows it.
        var firstAid = hired.First(h => h.Category == JobCategory.ChildCareWorker).Id;
        await commands.RecordQualificationAsync(tenant, DemoUser, firstAid,
            new RecordQualification(QualificationKind.FirstAid, "普通救命講習", today.AddYears(-3).AddDays(25), today.AddDays(25), null), ct);

        await SeedTrainingAsync(tenant, faker, hired, today, ct);
    }

    private async Task SeedTrainingAsync(TenantInfo tenant, Faker faker, List<(Guid Id, JobCategory Category)> hired, DateOnly today, CancellationToken ct)
    {
        var fiscalYear = JapaneseDates.FiscalYearOf(today);
        var senior = await training.CreateCourseAsync(tenant, DemoUser,
            new CreateCourse("基幹的職員研修", TrainingProvider.External, TrainingCategory.SeniorStaff, 30, 20_000, null, []), ct);
        var quality = await training.CreateCourseAsync(tenant, DemoUser,
            new CreateCourse("職員資質向上研修（子どもの権利擁護）", TrainingProvider.Internal, TrainingCategory.QualityImprovement, 6, 0, null, []), ct);
        var foster = await training.CreateCourseAsync(tenant, DemoUser,
            new CreateCourse("里親支援研修", TrainingProvider.External, TrainingCategory.FosterSupport, 3, 5_000, null, [JobCategory.FamilySupportSpecialist]), ct);
        await training.CreateCourseAsync(tenant, DemoUser,
            new CreateCourse("普通救命講習", TrainingProvider.External, TrainingCategory.Safety, 3, 0, 36, []), ct);

        // All but the last 基幹的職員 have completed the senior training: the last one shows as a gap on its facility.
        var seniors = hired.Where(h => h.Category == JobCategory.SeniorStaff).Select(h => h.Id).ToList();
        if (senior.Succeeded && seniors.Count > 1)
            await training.RecordSessionAsync(tenant, DemoUser, senior.Value, new RecordSession(new DateOnly(2023, 11, 20), "東京都福祉人材センター", 30, 0,
                seniors.SkipLast(1).Select(id => new Attendance(id, 30, true, $"K-{faker.Random.Int(1000, 9999)}")).ToList()), ct);
        if (quality.Succeeded)
        {
            var direct = hired.Where(h => h.Category is JobCategory.ChildCareWorker or JobCategory.ChildInstructor).Select(h => h.Id).ToList();
            var heldOn = JapaneseDates.FiscalYearStart(fiscalYear).AddMonths(1);
            if (heldOn <= today)
                await training.RecordSessionAsync(tenant, DemoUser, quality.Value, new RecordSession(heldOn, "本体施設 会議室", 6, 30_000,
                    faker.PickRandom(direct, Math.Min(direct.Count, 12)).Select(id => new Attendance(id, 6, true, null)).ToList()), ct);
            await training.PlanAsync(tenant, DemoUser, fiscalYear, new PlanTraining(quality.Value, direct.Count, 60_000), ct);
        }
        if (foster.Succeeded)
        {
            var family = hired.Where(h => h.Category == JobCategory.FamilySupportSpecialist).Select(h => h.Id).Take(1).ToList();
            if (family.Count > 0 && JapaneseDates.FiscalYearStart(fiscalYear).AddMonths(2) is var held && held <= today)
                await training.RecordSessionAsync(tenant, DemoUser, foster.Value, new RecordSession(held, "世田谷区児童相談所", 3, 0,
                    family.Select(id => new Attendance(id, 3, true, null)).ToList()), ct);
            await training.PlanAsync(tenant, DemoUser, fiscalYear, new PlanTraining(foster.Value, 2, 10_000), ct);
        }
        if (senior.Succeeded) await training.PlanAsync(tenant, DemoUser, fiscalYear, new PlanTraining(senior.Value, 1, 20_000), ct);
    }

    /// A seed that depends only on the tenant id (string.GetHashCode differs between runs).
    private static int StableSeed(string tenantId) => tenantId.Aggregate(23, (h, c) => unchecked(h * 31 + c));
}
