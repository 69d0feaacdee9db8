namespace IntegrationHub.Core.Access;

/// <summary>
/// Lets one admission at a time of a party (account) through, in this instance. The party's counter rows are
/// ETag-guarded against every writer; without this gate an instance's own concurrent requests raced each other on them,
/// one of N won each round, and with 16 callers on one account a request lost all 8 rounds often enough that 135-174
/// views of the access bench's "one account" phase were refused (429 `concurrency`) with every limit switched off.
/// Queued here, they write one after another and lose a race only to another instance. A party's entry exists only
/// while a request holds or waits for it, so the gate keeps nothing for idle accounts.
/// </summary>
public sealed class PartyGate
{
    private readonly Dictionary<string, Entry> _entries = new(StringComparer.Ordinal);

    /// <summary>Waits for the party's turn; <see cref="Turn.Waited"/> says whether another request held it first.</summary>
    public async Task<Turn> EnterAsync(string party, CancellationToken cancellationToken)
    {
        Entry entry;
        lock (_entries)
        {
            if (!_entries.TryGetValue(party, out entry!))
            {
                _entries[party] = entry = new Entry();
            }
            entry.Users++;
        }
        var waited = !entry.Semaphore.Wait(0, CancellationToken.None);
        if (waited)
        {
            try
            {
                await entry.Semaphore.WaitAsync(cancellationToken);
            }
            catch
            {
                Leave(party, entry, release: false);
                throw;
            }
        }
        return new Turn(this, party, entry, waited);
    }

    /// <summary>Parties with a request in or waiting (for tests: idle parties leave nothing behind).</summary>
    public int Held
    {
        get
        {
            lock (_entries)
            {
                return _entries.Count;
            }
        }
    }

    private void Leave(string party, Entry entry, bool release)
    {
        if (release)
        {
            entry.Semaphore.Release();
        }
        lock (_entries)
        {
            if (--entry.Users == 0)
            {
                _entries.Remove(party);
                entry.Semaphore.Dispose();
            }
        }
    }

    internal sealed class Entry
    {
        public SemaphoreSlim Semaphore { get; } = new(1, 1);

        public int Users { get; set; }
    }

    /// <summary>A party's turn; disposing it lets the next request of the party in.</summary>
    public sealed class Turn : IDisposable
    {
        private readonly PartyGate _gate;
        private readonly string _party;
        private readonly Entry _entry;
        private int _left;

        internal Turn(PartyGate gate, string party, Entry entry, bool waited) => (_gate, _party, _entry, Waited) = (gate, party, entry, waited);

        /// <summary>True when another request of the party held the gate first: reads begun before it are likely stale.</summary>
        public bool Waited { get; }

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _left, 1) == 0)
            {
                _gate.Leave(_party, _entry, release: true);
            }
        }
    }
}
