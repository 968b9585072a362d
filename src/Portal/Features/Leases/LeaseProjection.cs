using JasperFx.Events;
using Marten.Events.Aggregation;

namespace Hidamari.Portal.Features.Leases;

/// The <see cref="Lease"/> document, kept inline so that a page reads its own write at once.
public sealed class LeaseProjection : SingleStreamProjection<Lease, Guid>
{
    public static Lease Create(LeaseSigned e) => Lease.Create(e);

    public static Lease Apply(LeaseRentRevised e, Lease current) => current.Apply(e);

    public static Lease Apply(LeaseRenewed e, Lease current) => current.Apply(e);

    public static Lease Apply(LeaseTerminated e, Lease current) => current.Apply(e);

    public static Lease Apply(IEvent<LeaseCorrected> e, Lease current) => current.Apply(e.Data, e.Timestamp);

    public static Lease Apply(LeaseDocumentAttached e, Lease current) => current.Apply(e);
}
