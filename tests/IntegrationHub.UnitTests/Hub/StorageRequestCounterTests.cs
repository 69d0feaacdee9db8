using System.Net;
using Azure;
using Azure.Core.Pipeline;
using Azure.Data.Tables;
using IntegrationHub.Storage.Common;

namespace IntegrationHub.UnitTests.Hub;

/// <summary>The counting policy (ADR 0031): one count per HTTP request sent, named by service, verb and resource.</summary>
public sealed class StorageRequestCounterTests
{
    [Fact]
    public async Task PointReadQueryAndBatch_AreCountedOnceEach_WithoutThePrefix_AndInTheAttributedTally()
    {
        // Arrange: a table client on Azurite's path-style address whose transport answers without a network.
        var counter = new StorageRequestCounter("pfx");
        var table = CountedTable(counter);
        var mine = new StorageRequestTally();

        // Act
        using (StorageRequestCounter.Attribute(mine))
        {
            await table.GetEntityIfExistsAsync<TableEntity>("nav", "cv|1");
        }
        await foreach (var _ in table.QueryAsync<TableEntity>("PartitionKey eq 'nav'"))
        {
        }
        await table.SubmitTransactionAsync([new TableTransactionAction(TableTransactionActionType.UpsertReplace, new TableEntity("nav", "a"))]);

        // Assert
        var all = counter.All.Snapshot();
        Assert.Equal((0, 0, 3), (all.Blob, all.Queue, all.Table));
        Assert.Equal(1, all.Calls["Table GET Cvs (point)"]);
        Assert.Equal(1, all.Calls["Table GET Cvs (query)"]);
        // A transaction names its table (read from the changeset: the $batch URL names none).
        Assert.Equal(1, all.Calls["Table POST $batch Cvs"]);
        Assert.Equal(["Table GET Cvs (point)"], mine.Snapshot().Calls.Keys);
    }

    [Fact]
    public async Task Batch_OfSeveralRowsWithLongProperties_NamesItsTableFromTheFirstRequestLine()
    {
        // A CV commit's transaction: rows whose JSON lines run far past the counter's 2 KB line buffer, and a row key
        // that needs escaping; the table is named as when the whole body was copied and split (issue 18).
        var counter = new StorageRequestCounter("pfx");
        var table = CountedTable(counter);
        var facts = new string('x', 10_000);

        await table.SubmitTransactionAsync(
        [
            new TableTransactionAction(TableTransactionActionType.UpsertReplace, new TableEntity("nav", "ext|a b/ø") { ["Facts"] = facts }),
            new TableTransactionAction(TableTransactionActionType.Add, new TableEntity("nav", "cv|1") { ["Facts"] = facts }),
            new TableTransactionAction(TableTransactionActionType.UpdateMerge, new TableEntity("nav", "chg|1") { ["Facts"] = facts }, ETag.All),
        ]);

        Assert.Equal(["Table POST $batch Cvs"], counter.All.Snapshot().Calls.Keys);
    }

    [Theory]
    [InlineData("POST", "/devstoreaccount1/pfxCvs", false, "Table POST Cvs (insert)")]
    [InlineData("PUT", "/devstoreaccount1/pfxCvs(PartitionKey='nav',RowKey='a')", false, "Table PUT Cvs (upsert)")]
    [InlineData("PUT", "/devstoreaccount1/pfxCvs(PartitionKey='nav',RowKey='a')", true, "Table PUT Cvs (update)")]
    [InlineData("PATCH", "/devstoreaccount1/pfxCvs(PartitionKey='nav',RowKey='a')", false, "Table PATCH Cvs (upsert)")]
    [InlineData("DELETE", "/devstoreaccount1/pfxCvs(PartitionKey='nav',RowKey='a')", true, "Table DELETE Cvs")]
    [InlineData("POST", "/devstoreaccount1/Tables", false, "Table POST Tables")]
    public void Describe_TableWrites_NameTheirKind(string method, string path, bool ifMatch, string expected) =>
        Assert.Equal(expected, StorageRequestCounter.Describe(StorageService.Table, method, path, "", "pfx", pathStyle: true, conditional: ifMatch));

    [Fact]
    public async Task ByFunction_KeysEachRequestByTheInvocationThatMadeIt_OrHost()
    {
        var counter = new StorageRequestCounter("pfx");
        var table = CountedTable(counter);

        using (StorageRequestCounter.InFunction("CvChanges"))
        {
            await table.GetEntityIfExistsAsync<TableEntity>("nav", "cv|1");
        }
        await table.GetEntityIfExistsAsync<TableEntity>("nav", "cv|2");

        var calls = counter.ByFunction.Snapshot().Calls;
        Assert.Equal(1, calls["CvChanges | Table GET Cvs (point)"]);
        Assert.Equal(1, calls["host | Table GET Cvs (point)"]);
        Assert.Equal(2, counter.All.Snapshot().Calls["Table GET Cvs (point)"]);
    }

    [Fact]
    public void Counts_Subtracted_KeepOnlyWhatHappenedBetween()
    {
        var before = new StorageRequestCounts(1, 2, 3, new Dictionary<string, long> { ["Table GET Cvs (point)"] = 3, ["Queue GET x/messages"] = 2 });
        var after = new StorageRequestCounts(1, 4, 5, new Dictionary<string, long> { ["Table GET Cvs (point)"] = 5, ["Queue GET x/messages"] = 4 });

        var between = after - before;

        Assert.Equal((0, 2, 2, 4), (between.Blob, between.Queue, between.Table, between.Total));
        Assert.Equal(2, between.Calls["Table GET Cvs (point)"]);
        Assert.Equal(8, (between + between).Total);
    }

    /// <summary>A counted table client on Azurite's path-style address whose transport answers without a network.</summary>
    private static TableClient CountedTable(StorageRequestCounter counter)
    {
        var options = counter.Count(new TableClientOptions { Transport = new HttpClientTransport(new HttpClient(new Answer())) }, StorageService.Table);
        options.Retry.MaxRetries = 0;
        return new TableServiceClient(new Uri("http://127.0.0.1:10002/devstoreaccount1"), new AzureSasCredential("sv=x&sig=y"), options).GetTableClient("pfxCvs");
    }

    /// <summary>An empty answer to every request: 404 for a point read, an empty page for a query, 202 for a batch.</summary>
    private sealed class Answer : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var path = request.RequestUri!.AbsolutePath;
            var response = path.Contains("$batch", StringComparison.Ordinal)
                ? new HttpResponseMessage(HttpStatusCode.Accepted) { Content = Batch(request) }
                : path.Contains("PartitionKey=", StringComparison.Ordinal)
                    ? new HttpResponseMessage(HttpStatusCode.NotFound) { Content = new StringContent("""{"odata.error":{"code":"ResourceNotFound","message":{"value":"x"}}}""") }
                    : new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent("""{"value":[]}""") };
            response.Content.Headers.ContentType ??= new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
            return Task.FromResult(response);
        }

        private static StringContent Batch(HttpRequestMessage request)
        {
            // The answer of a one-change batch: a multipart changeset with one 204.
            var content = "--batchresponse_1\r\nContent-Type: multipart/mixed; boundary=changesetresponse_1\r\n\r\n"
                + "--changesetresponse_1\r\nContent-Type: application/http\r\nContent-Transfer-Encoding: binary\r\n\r\n"
                + "HTTP/1.1 204 No Content\r\nETag: W/\"datetime'2026-12-05T00%3A00%3A00Z'\"\r\n\r\n\r\n"
                + "--changesetresponse_1--\r\n--batchresponse_1--\r\n";
            var answer = new StringContent(content);
            answer.Headers.ContentType = System.Net.Http.Headers.MediaTypeHeaderValue.Parse("multipart/mixed; boundary=batchresponse_1");
            _ = request;
            return answer;
        }
    }
}
