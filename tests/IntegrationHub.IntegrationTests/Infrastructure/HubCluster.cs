using System.Net.Http.Headers;

namespace IntegrationHub.IntegrationTests.Infrastructure;

/// <summary>
/// N instances of one hub on the shared Azurite (one storage prefix, one host id, so they share queues, tables and
/// timer leases), in process (<see cref="HubTestHost"/>) or out of process (<see cref="HubProcess"/>) behind the same
/// calls, as Azure scales a Functions app out. Callers reach them through <see cref="Client"/>: round robin over the
/// instances that run, and a call that fails to connect (or whose connection dies) goes to the next one, as a load
/// balancer and a retrying client would together. Tokens come from the dev issuer every instance trusts.
/// </summary>
public sealed class HubCluster : IAsyncDisposable
{
    private readonly AzuriteFixture _azurite;
    private readonly Dictionary<string, string?> _settings;
    private readonly HubTestHost?[] _inProcess;
    private readonly HubProcess[] _processes;
    private readonly string _folder;
    private int _next;

    private HubCluster(AzuriteFixture azurite, int instances, bool outOfProcess, IDictionary<string, string?>? settings)
    {
        _azurite = azurite;
        Prefix = AzuriteFixture.NewPrefix();
        Dev = new TestDevIssuer();
        _folder = Directory.CreateTempSubdirectory("hub-cluster-").FullName;
        _settings = HubTestHost.BaseSettings(azurite, Prefix, Dev);
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            _settings[key] = value;
        }
        OutOfProcess = outOfProcess;
        _inProcess = outOfProcess ? [] : new HubTestHost?[instances];
        _processes = outOfProcess ? [.. Enumerable.Range(0, instances).Select(_ => new HubProcess(_settings, _folder))] : [];
    }

    public string Prefix { get; }

    public TestDevIssuer Dev { get; }

    public bool OutOfProcess { get; }

    public int Count => OutOfProcess ? _processes.Length : _inProcess.Length;

    /// <summary>
    /// Starts the instances one after another, so the first holds every timer's lease (a test can then kill the holder).
    /// The settings override the test host's base settings (for example shorter lease timings through
    /// AzureFunctionsJobHost__singleton__...).
    /// </summary>
    public static async Task<HubCluster> StartAsync(AzuriteFixture azurite, int instances, bool outOfProcess, IDictionary<string, string?>? settings = null)
    {
        var cluster = new HubCluster(azurite, instances, outOfProcess, settings);
        try
        {
            for (var i = 0; i < instances; i++)
            {
                await cluster.StartInstanceAsync(i);
            }
            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    public bool IsRunning(int instance) => OutOfProcess ? _processes[instance].IsRunning : _inProcess[instance] is not null;

    public Uri BaseAddress(int instance) => OutOfProcess ? _processes[instance].BaseAddress : _inProcess[instance]!.BaseAddress;

    /// <summary>Every out-of-process instance's last warnings and errors, for a failed test's message.</summary>
    public string Problems() => OutOfProcess
        ? string.Join(Environment.NewLine, _processes.Select((p, i) => $"instance {i}:{Environment.NewLine}  " + string.Join(Environment.NewLine + "  ", p.Problems())))
        : "(in process: the test's output has the logs)";

    public async Task StartInstanceAsync(int instance)
    {
        if (OutOfProcess)
        {
            await _processes[instance].StartAsync();
        }
        else
        {
            _inProcess[instance] = await HubTestHost.StartAsync(_azurite, _settings, prefix: Prefix, sharedDev: Dev);
        }
    }

    /// <summary>Out of process: SIGKILL. In process, where no signal reaches a single host, a stop (leases released).</summary>
    public async Task KillAsync(int instance)
    {
        if (OutOfProcess)
        {
            _processes[instance].Kill();
        }
        else if (_inProcess[instance] is { } host)
        {
            _inProcess[instance] = null;
            await host.DisposeAsync();
        }
    }

    /// <summary>A client of the whole cluster with a dev token for the client id and roles (and a person, for delegated calls).</summary>
    public HttpClient Client(string clientId, string[] roles, string? userObjectId = null)
    {
        var client = new HttpClient(new RoundRobin(this) { InnerHandler = new SocketsHttpHandler() })
        {
            BaseAddress = new Uri("http://cluster/"),
            Timeout = TimeSpan.FromSeconds(120),
        };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Dev.Issuer.Mint(TestEntraIssuer.HubClientId, clientId, roles, userObjectId));
        return client;
    }

    /// <summary>A client of one instance only.</summary>
    public HttpClient InstanceClient(int instance, string clientId, params string[] roles)
    {
        var client = new HttpClient { BaseAddress = BaseAddress(instance), Timeout = TimeSpan.FromSeconds(60) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Dev.Mint(clientId, roles));
        return client;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var process in _processes)
        {
            await process.DisposeAsync();
        }
        for (var i = 0; i < _inProcess.Length; i++)
        {
            if (_inProcess[i] is { } host)
            {
                await host.DisposeAsync();
            }
        }
        Dev.Delete();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // A temporary folder.
        }
    }

    private sealed class RoundRobin(HubCluster cluster) : DelegatingHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var pathAndQuery = request.RequestUri!.PathAndQuery;
            var start = Interlocked.Increment(ref cluster._next);
            HttpRequestException? last = null;
            for (var attempt = 0; attempt < cluster.Count * 20; attempt++)
            {
                var instance = (int)((uint)(start + attempt) % (uint)cluster.Count);
                if (!cluster.IsRunning(instance))
                {
                    continue;
                }
                request.RequestUri = new Uri(cluster.BaseAddress(instance), pathAndQuery.TrimStart('/'));
                try
                {
                    return await base.SendAsync(request, cancellationToken);
                }
                catch (HttpRequestException e)
                {
                    // Refused or reset: the instance died (before or during the call). The caller retries elsewhere.
                    last = e;
                    await Task.Delay(100, cancellationToken);
                }
            }
            throw last ?? new HttpRequestException("No instance of the cluster is running.");
        }
    }
}
