namespace Hidamari.Tests.Reliability;

/// <summary>
/// The fault and load tests run one after another and alone: a killed process, a restarted cluster or ten thousand
/// fuzzed requests must neither disturb other tests nor have their own figures disturbed by them.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ReliabilityCollection
{
    public const string Name = "Reliability";
}
