using FluentValidation;
using Hidamari.Portal.Features.Subsidies.Engine;
using Hidamari.Portal.Features.Subsidies.RateTables.Publishing;
using Hidamari.Portal.Infrastructure;
using JasperFx;
using Marten;
using Microsoft.Extensions.Localization;
using Npgsql;

namespace Hidamari.Portal.Features.Subsidies.RateTables;

/// <summary>
/// Publishes rate-table versions into the shared reference store: validate, decide, start the version's stream and,
/// for a correction, mark the version it replaces as superseded, in one transaction.
/// </summary>
public sealed class RateTableCommands(
    IReferenceStore store, IValidator<PublishRateTableVersion> validator, IStringLocalizer<SharedResource> text, TimeProvider clock)
{
    public async Task<CommandResult<Guid>> PublishAsync(string user, PublishRateTableVersion command, CancellationToken ct, Guid? id = null)
    {
        var validation = await validator.ValidateAsync(command, ct);
        if (!validation.IsValid) return CommandResult<Guid>.Invalid(validation.ToDictionary().AsReadOnly());

        var versionId = id ?? Guid.CreateVersion7();
        await using var session = store.LightweightSession();
        session.LastModifiedBy = user;
        try
        {
            var numbers = await session.Query<RateTableVersion>().Select(v => v.Number).ToListAsync(ct);
            var next = numbers.Count == 0 ? 1 : numbers.Max() + 1;
            RateTableVersion? superseded = null;
            JasperFx.Events.IEventStream<RateTableVersion>? supersededStream = null;
            if (command.Supersedes is { } old)
            {
                supersededStream = await session.Events.FetchForWriting<RateTableVersion>(old, ct);
                superseded = supersededStream.Aggregate;
            }

            var decision = PublishingRateTableVersion.Decide(versionId, next, superseded, command, user, clock.GetUtcNow());
            if (!decision.IsAccepted)
                return CommandResult<Guid>.Invalid(new Dictionary<string, string[]> { [decision.Field!] = [text[decision.MessageKey!]] });

            session.Events.StartStream<RateTableVersion>(versionId, decision.Event!);
            supersededStream?.AppendOne(new RateTableVersionSuperseded(superseded!.Id, versionId, next, command.Reason.Trim(), user, clock.GetUtcNow()));
            await session.SaveChangesAsync(ct);
            return CommandResult<Guid>.Ok(versionId);
        }
        catch (Exception e) when (e is ConcurrencyException or JasperFx.Events.ExistingStreamIdCollisionException or Marten.Exceptions.ExistingStreamIdCollisionException || IsUniqueViolation(e))
        {
            return CommandResult<Guid>.Conflict(text["Subsidies.Error.RateTableChangedConcurrently"]);
        }
    }

    /// Two publications racing for the same version number: the unique index on the number refuses the second.
    private static bool IsUniqueViolation(Exception e) =>
        (e as PostgresException ?? e.InnerException as PostgresException) is { SqlState: PostgresErrorCodes.UniqueViolation };

    /// <summary>
    /// A store seeded before the grant programmes' shares were added (<see cref="Fy2011Seed.GrantShares"/>) gets them as a
    /// correction of the seed version: same period and notice, its rows kept, the missing rows added. Figures already
    /// computed keep citing the version they used. None when the seed version is gone, superseded or complete.
    /// </summary>
    public static PublishRateTableVersion? SeedCorrection(RateTableVersion? seeded) =>
        seeded is { InUse: true } && Fy2011Seed.MissingGrantShares(seeded.Entries) is { Count: > 0 } missing
            ? new PublishRateTableVersion(seeded.Jurisdiction, seeded.FiscalYear, seeded.EffectiveFrom, seeded.Notice, seeded.Rounding,
                [.. seeded.Entries, .. missing], Fy2011Seed.GrantSharesReason, seeded.Id)
            : null;

    /// <summary>The first version, once: the FY2011 figures of seed 001 (see <see cref="Fy2011Seed"/>).</summary>
    public async Task EnsureSeededAsync(CancellationToken ct)
    {
        RateTableVersion? seeded;
        await using (var query = store.QuerySession())
        {
            if (await query.Query<RateTableVersion>().AnyAsync(ct))
            {
                seeded = await query.LoadAsync<RateTableVersion>(Fy2011Seed.Id, ct);
                if (SeedCorrection(seeded) is { } correction) await PublishAsync("system", correction, ct);
                return;
            }
        }
        var table = Fy2011Seed.Table();
        // Another instance seeding at the same moment wins with the same fixed id; this one's conflict is then harmless.
        await PublishAsync("system", new PublishRateTableVersion(table.Jurisdiction, table.FiscalYear, table.EffectiveFrom, table.Notice,
            table.Rounding, table.Entries, Fy2011Seed.Reason), ct, Fy2011Seed.Id);
    }
}
