using System.Text.Json;
using System.Text.Json.Nodes;
using IntegrationHub.Core.Callers;
using IntegrationHub.Core.Cvs;
using IntegrationHub.Core.Kernel;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace IntegrationHub.UnitTests.Cvs;

public sealed class CvIntakeHandlerTests
{
    private readonly InMemoryCvStore _store = new();
    private readonly NewCvGuess _guess = new();
    private readonly CvIntakeHandler _handler;

    public CvIntakeHandlerTests() => _handler = new CvIntakeHandler(_store, _guess, TimeProvider.System,
        Options.Create(new HubOptions
        {
            Registries = new(StringComparer.Ordinal)
            {
                ["nav"] = new RegistrySettings { Jurisdiction = "NO" },
                ["werk"] = new RegistrySettings { Jurisdiction = "NL" },
            },
        }),
        Options.Create(new ClockOptions()), NullLogger<CvIntakeHandler>.Instance);

    private static JsonObject Example() => JsonNode.Parse(File.ReadAllText(RepoPaths.Combine("contracts", "examples", "cv.json")))!.AsObject();

    private Task<CvIntakeResult> Submit(JsonNode cv, int? ifMatch = null, string registry = "nav") =>
        _handler.SubmitAsync(new SubmitCv
        {
            Registry = registry,
            Document = JsonDocument.Parse(cv.ToJsonString()).RootElement,
            IfMatchVersion = ifMatch,
            CorrelationId = "test",
        }, CancellationToken.None);

    [Fact]
    public async Task Submit_NewCv_StoresVersion1WithRandomIdAndLeavesAChangeSignal()
    {
        var result = await Submit(Example());

        var stored = Assert.IsType<CvIntakeResult.Stored>(result);
        Assert.Equal("accepted", stored.Answer.Status);
        Assert.Equal(1, stored.Answer.Version);
        Assert.Matches("^[a-z2-7]{26}$", stored.Answer.CvId);
        Assert.Single(_store.Changes);
    }

    [Fact]
    public async Task Submit_SameContentReordered_IsUnchangedAndCommitsNothing()
    {
        var cv = Example();
        await Submit(cv);
        var reordered = new JsonObject(cv.Reverse().Select(p => KeyValuePair.Create(p.Key, p.Value?.DeepClone())));

        var result = await Submit(reordered);

        Assert.Equal("unchanged", Assert.IsType<CvIntakeResult.Stored>(result).Answer.Status);
        Assert.Equal(1, _store.Commits);
    }

    [Fact]
    public async Task Submit_VersionFieldOnly_DoesNotCountAsAChange()
    {
        var cv = Example();
        await Submit(cv);
        cv["version"] = 1;

        var result = await Submit(cv);

        Assert.Equal("unchanged", Assert.IsType<CvIntakeResult.Stored>(result).Answer.Status);
    }

    [Fact]
    public async Task Submit_ChangedContent_KeepsTheIdAndBumpsTheVersion()
    {
        var cv = Example();
        var first = (CvIntakeResult.Stored)await Submit(cv);
        cv["summary"] = "Ny tekst.";

        var second = Assert.IsType<CvIntakeResult.Stored>(await Submit(cv));

        Assert.Equal(first.Answer.CvId, second.Answer.CvId);
        Assert.Equal(2, second.Answer.Version);
    }

    [Fact]
    public async Task Submit_NamingAnOlderVersion_IsAVersionMismatchAndCommitsNothing()
    {
        var cv = Example();
        await Submit(cv);
        cv["summary"] = "To.";
        await Submit(cv);
        cv["summary"] = "Sen retry.";

        var result = await Submit(cv, ifMatch: 1);

        var mismatch = Assert.IsType<CvIntakeResult.VersionMismatch>(result);
        Assert.Equal((1, 2), (mismatch.NamedVersion, mismatch.StoredVersion));
        Assert.Equal(2, _store.Commits);
    }

    [Fact]
    public async Task Submit_NewCv_IsCommittedWithoutReadingItsExternalIdFirst()
    {
        var result = await Submit(Example());

        Assert.Equal("accepted", Assert.IsType<CvIntakeResult.Stored>(result).Answer.Status);
        Assert.Equal((0, 1), (_store.ExternalIdReads, _store.CommitAttempts));
    }

    [Fact]
    public async Task Submit_TheSameCvAgain_AGuessThatMeetsIt_AnswersUnchanged_AndLeavesNoSecondDocument()
    {
        var first = Assert.IsType<CvIntakeResult.Stored>(await Submit(Example())).Answer;

        var again = Assert.IsType<CvIntakeResult.Stored>(await Submit(Example())).Answer;

        Assert.Equal(("unchanged", first.CvId, 1), (again.Status, again.CvId, again.Version));
        Assert.Equal((1, 1), (_store.Commits, _store.Documents.Count));
        Assert.Equal(0.05, _guess.MissShareOf("nav"), 3); // one miss, at the moving share's weight
    }

    [Fact]
    public async Task Submit_NamingAVersion_ReadsTheStoredCvFirst_AndNeverGuesses()
    {
        var cv = Example();
        await Submit(cv);
        cv["summary"] = "Ny versjon.";

        var result = await Submit(cv, ifMatch: 1);

        Assert.Equal(2, Assert.IsType<CvIntakeResult.Stored>(result).Answer.Version);
        Assert.Equal((1, 2), (_store.ExternalIdReads, _store.CommitAttempts));
    }

    [Fact]
    public async Task Submit_ARegistryResendingWhatIsStored_StopsGuessing_ButProbes()
    {
        // A nightly full resend: every CV is stored already, so each guess would cost a wasted commit.
        var cvs = Enumerable.Range(0, 100).Select(i => { var cv = Example(); cv["externalId"] = $"ext-resend-{i}"; return cv; }).ToList();
        foreach (var cv in cvs)
        {
            await Submit(cv);
        }
        var attemptsBefore = _store.CommitAttempts;

        foreach (var cv in cvs)
        {
            Assert.Equal("unchanged", Assert.IsType<CvIntakeResult.Stored>(await Submit(cv)).Answer.Status);
        }

        // Six misses take the share over a quarter; of the 94 resends after, every 32nd still guesses (two).
        Assert.Equal(6 + 2, _store.CommitAttempts - attemptsBefore);
        Assert.True(_guess.MissShareOf("nav") > NewCvGuess.MaxMissShare);
        // Another registry's guesses are its own.
        Assert.Equal(0, _guess.MissShareOf("werk"));
    }

    [Fact]
    public void Guess_Disabled_NeverGuesses()
    {
        var off = new NewCvGuess(enabled: false);

        Assert.False(off.ShouldGuess("nav"));
    }

    [Fact]
    public void Guess_EachOutcome_IsCountedOnTheMetric_WithItsGuessAndRegistry()
    {
        var seen = new List<(long Value, string? Guess, string? Registry, string? Outcome)>();
        using var listener = new System.Diagnostics.Metrics.MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == IntegrationHub.Core.Telemetry.HubMetrics.MeterName && instrument.Name == IntegrationHub.Core.Telemetry.HubMetrics.Guesses)
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
        {
            var all = tags.ToArray();
            string? Tag(string key) => all.FirstOrDefault(t => t.Key == key).Value as string;
            if (Tag("registry") == "metric-registry")
            {
                lock (seen)
                {
                    seen.Add((value, Tag("guess"), Tag("registry"), Tag("outcome")));
                }
            }
        });
        listener.Start();

        var guess = new NewCvGuess();
        guess.Record("metric-registry", missed: false);
        guess.Record("metric-registry", missed: true);

        Assert.Equal([(1L, "new-cv", "metric-registry", "hit"), (1L, "new-cv", "metric-registry", "miss")], seen);
    }

    [Fact]
    public void Guess_AfterMissesThenHits_GuessesAgain()
    {
        var guess = new NewCvGuess();
        for (var i = 0; i < 10; i++)
        {
            guess.Record("nav", missed: true);
        }
        Assert.False(guess.ShouldGuess("nav"));

        for (var i = 0; i < 20; i++)
        {
            guess.Record("nav", missed: false);
        }

        Assert.True(guess.ShouldGuess("nav"));
    }

    [Fact]
    public async Task Submit_LosingToConcurrentWritersOnce_RetriesAndSucceeds()
    {
        _store.LoseNextCommits = 1;

        var result = await Submit(Example());

        Assert.IsType<CvIntakeResult.Stored>(result);
        Assert.Equal(1, _store.Commits);
    }

    [Fact]
    public async Task Submit_LosingEveryTime_GivesUpAsContended()
    {
        _store.LoseNextCommits = 100;

        var result = await Submit(Example());

        Assert.IsType<CvIntakeResult.Contended>(result);
        Assert.Equal(0, _store.Commits);
    }

    [Fact]
    public async Task Submit_InvalidDocument_ReturnsEveryErrorAndTouchesNoStorage()
    {
        var cv = Example();
        cv.Remove("externalId");
        cv["publication"] = "x";

        var result = await Submit(cv);

        var invalid = Assert.IsType<CvIntakeResult.Invalid>(result);
        Assert.Contains(invalid.Errors, e => e.Field == "/externalId" && e.Rule == "required");
        Assert.Contains(invalid.Errors, e => e.Field == "/publication" && e.Rule == "enum");
        Assert.Empty(_store.Documents);
        Assert.Empty(_store.Changes);
    }

    [Fact]
    public async Task Submit_SameExternalIdFromAnotherRegistry_IsAnotherCv()
    {
        var cv = Example();
        var nav = (CvIntakeResult.Stored)await Submit(cv, registry: "nav");

        var jobnet = Assert.IsType<CvIntakeResult.Stored>(await Submit(cv, registry: "jobnet"));

        Assert.NotEqual(nav.Answer.CvId, jobnet.Answer.CvId);
        Assert.Equal("accepted", jobnet.Answer.Status);
    }

    [Fact]
    public async Task Submit_DutchCvWithoutEmail_StoredWithAWarningNotHidden()
    {
        // werk.nl's CV wizard asks for an e-mail (its input rule); no owner makes it a visibility rule (issue 14).
        var cv = Example();
        cv["personalDetails"]!.AsObject().Remove("email");

        var stored = Assert.IsType<CvIntakeResult.Stored>(await Submit(cv, registry: "werk"));

        var warning = Assert.Single(stored.Answer.Warnings, w => w.Rule == "email-expected");
        Assert.Equal("/personalDetails/email", warning.Field);
        Assert.Single(_store.Changes);
    }

    [Theory]
    [InlineData("werk", true)]
    [InlineData("nav", false)]
    public async Task Submit_CvWithoutEmail_WarnsOnlyInTheNetherlands(string registry, bool warned)
    {
        var cv = Example();
        cv["personalDetails"]!.AsObject().Remove("email");

        var stored = Assert.IsType<CvIntakeResult.Stored>(await Submit(cv, registry: registry));

        Assert.Equal(warned, stored.Answer.Warnings.Any(w => w.Rule == "email-expected"));
    }

    [Fact]
    public async Task Submit_DutchCvWithEmail_NoEmailWarning()
    {
        var stored = Assert.IsType<CvIntakeResult.Stored>(await Submit(Example(), registry: "werk"));

        Assert.DoesNotContain(stored.Answer.Warnings, w => w.Rule == "email-expected");
    }

    [Fact]
    public async Task Submit_LastActivityInTheFarFuture_RejectedNamingTheFieldAndNothingStored()
    {
        var cv = Example();
        cv["lastCitizenActivityAt"] = "2999-01-01T00:00:00Z";

        var invalid = Assert.IsType<CvIntakeResult.Invalid>(await Submit(cv));

        var error = Assert.Single(invalid.Errors);
        Assert.Equal(("/lastCitizenActivityAt", "not-in-future"), (error.Field, error.Rule));
        Assert.Empty(_store.Changes);
    }

    [Fact]
    public async Task Submit_LastActivityWithinTheAllowedSkew_Accepted()
    {
        var cv = Example();
        cv["lastCitizenActivityAt"] = DateTimeOffset.UtcNow.AddMinutes(2).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture);

        Assert.IsType<CvIntakeResult.Stored>(await Submit(cv));
    }

    [Fact]
    public async Task Submit_NationalIdInFreeTextSentTwice_FlaggedBothTimesAndStoredOnce()
    {
        // The scan runs only for a version to store; an unchanged resubmission answers with the stored findings.
        var cv = Example();
        cv["summary"] = "Mitt fødselsnummer er 01010112377, ring meg."; // both check digits valid; made up

        var first = Assert.IsType<CvIntakeResult.Stored>(await Submit(cv));
        var again = Assert.IsType<CvIntakeResult.Stored>(await Submit(cv));

        Assert.Equal(("accepted", "unchanged"), (first.Answer.Status, again.Answer.Status));
        foreach (var answer in new[] { first.Answer, again.Answer })
        {
            var warning = Assert.Single(answer.Warnings);
            Assert.Equal(("/summary", "national-id-number"), (warning.Field, warning.Rule));
        }
        Assert.Equal(1, _store.Commits);
    }
}
