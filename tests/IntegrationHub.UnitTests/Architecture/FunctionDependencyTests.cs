using System.Reflection;
using Microsoft.Azure.Functions.Worker;

namespace IntegrationHub.UnitTests.Architecture;

/// <summary>
/// No function touches a store (issue 20, docs/architecture.md): a function class, one with a <c>[Function]</c> method
/// in the Functions assembly, takes in its constructor no store. A store is
/// <list type="bullet">
/// <item>any type of the IntegrationHub.Storage assembly (a table adapter, <c>HubStorage</c>, the relay or purge classes), or</item>
/// <item>a store port of Core: an interface of IntegrationHub.Core whose name ends in <see cref="StorePortSuffixes"/>
/// (<c>ICvStore</c>, <c>IAccessLog</c>, <c>ICitizenEventLedger</c>, <c>ICvSearchIndex</c>, <c>IAccessCounters</c>, <c>ICvChangeFeed</c>, ...),</item>
/// </list>
/// also as a type argument (<c>IOptions&lt;T&gt;</c>, <c>IEnumerable&lt;T&gt;</c>). A function calls a Core use case
/// (a command or query handler) or a Core port (<c>IOutboxRelay</c>, <c>IRetentionPurge</c>) instead.
/// </summary>
public sealed class FunctionDependencyTests
{
    /// <summary>The name endings of Core's store, log, ledger, index, counter and change-feed ports.</summary>
    private static readonly string[] StorePortSuffixes = ["Store", "Log", "Ledger", "Index", "Counters", "Feed"];

    /// <summary>Functions that read storage on purpose, each with why.</summary>
    private static readonly IReadOnlyDictionary<string, string> Exceptions = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        // GET /api/health probes each storage service (tables, blobs, queues, the search account) itself: it reports
        // on the storage, not on data, and must work when no use case could.
        ["HealthFunction"] = "health checks probe the storage accounts themselves",
    };

    /// <summary>Violations that exist today, one line per function class; the list may only shrink.</summary>
    private static readonly IReadOnlyList<string> Known =
    [
    ];

    private static readonly Assembly Functions = typeof(IntegrationHub.Functions.Health.HealthFunction).Assembly;
    private static readonly Assembly Storage = typeof(IntegrationHub.Storage.Common.HubStorage).Assembly;
    private static readonly Assembly Core = typeof(IntegrationHub.Core.Callers.HubCaller).Assembly;

    [Fact]
    public void FunctionClasses_Constructors_TakeNoStoreOrAreListed()
    {
        // Act
        var found = Violations();

        // Assert
        var unexpected = found.Where(v => !Exceptions.ContainsKey(v.Key) && !Known.Contains(v.Key, StringComparer.Ordinal))
            .Select(v => $"{v.Key} takes {string.Join(", ", v.Value)}")
            .ToList();
        Assert.True(unexpected.Count == 0,
            "Function classes that touch a store (move the reads into a Core use case or port; docs/architecture.md):\n" + string.Join('\n', unexpected));
    }

    [Fact]
    public void KnownAndExceptions_EachStillTakesAStore()
    {
        // Act
        var found = Violations();

        // Assert: a fixed one must leave the lists, so they only shrink.
        var gone = Known.Concat(Exceptions.Keys).Where(name => !found.ContainsKey(name)).ToList();
        Assert.True(gone.Count == 0, "Fixed, so remove from FunctionDependencyTests' Known or Exceptions:\n" + string.Join('\n', gone));
    }

    [Fact]
    public void FunctionClasses_Scan_FindsTheTriggersOfEveryKind()
    {
        // Act
        var names = FunctionClasses().Select(t => t.Name).ToList();

        // Assert: an HTTP, a timer and a queue trigger's class are found, so the rule is applied to them at all.
        Assert.Contains("HealthFunction", names);
        Assert.Contains("RetentionPurgeFunction", names);
        Assert.Contains("CvPipelineFunctions", names);
        Assert.True(names.Count > 20, $"only {names.Count} function classes found");
    }

    [Theory]
    [InlineData(typeof(IntegrationHub.Core.Cvs.ICvStore))]
    [InlineData(typeof(IntegrationHub.Core.Access.IAccessLog))]
    [InlineData(typeof(IntegrationHub.Core.Access.IAccessCounters))]
    [InlineData(typeof(IntegrationHub.Core.Access.ICvSearchIndex))]
    [InlineData(typeof(IntegrationHub.Core.Visibility.Events.ICitizenEventLedger))]
    [InlineData(typeof(IntegrationHub.Core.Cvs.ICvChangeFeed))]
    [InlineData(typeof(IntegrationHub.Storage.Common.HubStorage))]
    [InlineData(typeof(IntegrationHub.Storage.Outbox.OutboxRelay))]
    [InlineData(typeof(IEnumerable<IntegrationHub.Core.Breach.IBreachStore>))]
    [InlineData(typeof(Microsoft.Extensions.Options.IOptions<IntegrationHub.Storage.Common.StorageOptions>))]
    public void IsStore_StoragePortOrAdapter_IsAStore(Type type) =>
        Assert.True(IsStore(type));

    [Theory]
    [InlineData(typeof(IntegrationHub.Core.Access.BoardFeedQueries))]
    [InlineData(typeof(IntegrationHub.Core.Erasure.CitizenExport))]
    [InlineData(typeof(IntegrationHub.Core.Outbox.IOutboxRelay))]
    [InlineData(typeof(IntegrationHub.Core.Retention.IRetentionPurge))]
    [InlineData(typeof(IntegrationHub.Core.Kernel.ILegalHolds))]
    [InlineData(typeof(Microsoft.Extensions.Options.IOptions<IntegrationHub.Core.Access.FeedOptions>))]
    [InlineData(typeof(TimeProvider))]
    public void IsStore_UseCasePortOrOptions_IsNoStore(Type type) =>
        Assert.False(IsStore(type));

    /// <summary>Function class name -> the stores its constructors take.</summary>
    private static Dictionary<string, List<string>> Violations() =>
        FunctionClasses()
            .Select(type => (type.Name, Stores: type.GetConstructors()
                .SelectMany(c => c.GetParameters())
                .Select(p => p.ParameterType)
                .Where(IsStore)
                .Select(t => t.Name)
                .Distinct(StringComparer.Ordinal)
                .ToList()))
            .Where(c => c.Stores.Count > 0)
            .ToDictionary(c => c.Name, c => c.Stores, StringComparer.Ordinal);

    private static IEnumerable<Type> FunctionClasses() =>
        Functions.GetTypes().Where(type => type.IsClass && type.GetMethods(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly)
            .Any(m => m.GetCustomAttribute<FunctionAttribute>() is not null));

    private static bool IsStore(Type type) =>
        type.Assembly == Storage
        || (type.IsInterface && type.Assembly == Core && StorePortSuffixes.Any(s => BaseName(type).EndsWith(s, StringComparison.Ordinal)))
        || (type.IsGenericType && type.GetGenericArguments().Any(IsStore))
        || (type.IsArray && IsStore(type.GetElementType()!));

    private static string BaseName(Type type) => type.IsGenericType ? type.Name[..type.Name.IndexOf('`', StringComparison.Ordinal)] : type.Name;
}
