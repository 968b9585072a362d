namespace Hidamari.Portal;

/// Marker for the portal's one resource set: Resources/SharedResource.resx (日本語, the default) and
/// SharedResource.en.resx, both generated from Resources/strings.tsv by infra/tools/resx.py.
public sealed class SharedResource;
