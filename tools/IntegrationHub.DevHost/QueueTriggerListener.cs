using System.Runtime.CompilerServices;
using System.Text.Json;
using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;
using IntegrationHub.Functions.Hosting;
using IntegrationHub.Storage.Common;

namespace IntegrationHub.DevHost;

/// <summary>
/// Polls one Azurite queue for one queue-triggered function with the Functions host's rules: batches of
/// <c>batchSize</c>, the next fetched when the messages still running fall to <c>newBatchThreshold</c>, failures made visible again after <c>visibilityTimeout</c>, and after <c>maxDequeueCount</c>
/// attempts the message is copied to <c>{queue}-poison</c> and deleted. Messages are base64 as the host expects;
/// one that does not decode goes straight to poison. A message is received invisible for the in-flight lease and, while
/// its function runs, made invisible for another lease at every half of it, as the host's listener does
/// (Azure/azure-webjobs-sdk src/Microsoft.Azure.WebJobs.Extensions.Storage/Queues/Listeners/QueueListener.cs:
/// a 10-minute visibility, renewed by CreateUpdateMessageVisibilityTimer at half of it). So only a dead instance's
/// messages come back, never a slow function's (ADR 0025).
/// </summary>
internal sealed partial class QueueTriggerListener : BackgroundService
{
    /// <summary>The host's receive visibility (QueueListener: <c>_visibilityTimeout = TimeSpan.FromMinutes(10)</c>).</summary>
    private static readonly TimeSpan DefaultLease = TimeSpan.FromMinutes(10);
    private static readonly TimeSpan MinPollingInterval = TimeSpan.FromMilliseconds(100);

    private readonly HubFunction _function;
    private readonly IServiceScopeFactory _scopes;
    private readonly QueueHostSettings _settings;
    private readonly ILogger _logger;
    private readonly QueueClient _queue;
    private readonly QueueClient _poison;

    /// <summary>How long a received message stays invisible unless renewed: what a killed instance's messages wait before another instance gets them.</summary>
    private readonly TimeSpan _lease;

    public QueueTriggerListener(HubFunction function, string queueName, HubStorage storage, IServiceScopeFactory scopes, QueueHostSettings settings, ILogger logger, TimeSpan? inFlightLease = null)
    {
        _lease = inFlightLease ?? DefaultLease;
        _function = function;
        _scopes = scopes;
        _settings = settings;
        _logger = logger;
        QueueName = queueName;
        _poison = storage.CreateQueueClient(queueName + "-poison", new QueueClientOptions { MessageEncoding = QueueMessageEncoding.None });
        var options = new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 };
        options.MessageDecodingFailed += OnDecodingFailedAsync;
        _queue = storage.CreateQueueClient(queueName, options);
    }

    public string QueueName { get; }

    public string FunctionName => _function.Name;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await _queue.CreateIfNotExistsAsync(cancellationToken: stoppingToken);
        await _poison.CreateIfNotExistsAsync(cancellationToken: stoppingToken);
        var delay = MinPollingInterval;
        // The Functions host's pipeline (learn.microsoft.com/azure/azure-functions/functions-bindings-storage-queue,
        // host.json "queues"): a batch of batchSize runs at once, and when the messages still running fall to
        // newBatchThreshold the next batch is fetched, so at most batchSize + newBatchThreshold run per function and
        // instance. Waiting for a whole batch instead left the listener idle behind its slowest message.
        var running = new HashSet<Task>();
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                if (running.Count > _settings.NewBatchThreshold)
                {
                    await Task.WhenAny(running);
                    running.RemoveWhere(t => t.IsCompleted);
                    continue;
                }
                QueueMessage[] messages;
                try
                {
                    messages = (await _queue.ReceiveMessagesAsync(_settings.BatchSize, _lease, stoppingToken)).Value;
                }
                catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
                {
                    return;
                }
                catch (Azure.RequestFailedException e)
                {
                    LogReceiveFailed(_logger, QueueName, e.Status, e);
                    messages = [];
                }
                if (messages.Length == 0)
                {
                    await Delay(delay, stoppingToken);
                    delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, _settings.MaxPollingInterval.Ticks));
                    running.RemoveWhere(t => t.IsCompleted);
                    continue;
                }
                delay = MinPollingInterval;
                foreach (var message in messages)
                {
                    running.Add(RunAsync(message, stoppingToken));
                }
                running.RemoveWhere(t => t.IsCompleted);
            }
        }
        finally
        {
            // Stopping: the messages under way finish (or see the token), as the batch did before.
            await Task.WhenAll(running);
        }
    }

    /// <summary>One message on its own task; what escapes the function's own handling (a poison move or a visibility update that failed) is logged, and the message comes back when its lease ends.</summary>
    private async Task RunAsync(QueueMessage message, CancellationToken stoppingToken)
    {
        await Task.Yield();
        try
        {
            await ProcessAsync(message, stoppingToken);
        }
        catch (Exception e)
        {
            LogSettleFailed(_logger, _function.Name, message.MessageId, e.GetType().Name, e);
        }
    }

    private async Task ProcessAsync(QueueMessage message, CancellationToken stoppingToken)
    {
        if (message.DequeueCount > _settings.MaxDequeueCount)
        {
            await MoveToPoisonAsync(message.MessageId, message.PopReceipt, message.Body.ToString(), "dequeue count already over the limit");
            return;
        }
        var receipt = new StrongBox<string>(message.PopReceipt);
        try
        {
            using (var running = new CancellationTokenSource())
            {
                var renewal = KeepInvisibleAsync(message.MessageId, receipt, running.Token);
                try
                {
                    await using var scope = _scopes.CreateAsyncScope();
                    await FunctionInvoker.InvokeAsync(scope.ServiceProvider, _function, parameter => Bind(parameter, message, stoppingToken));
                }
                finally
                {
                    await running.CancelAsync();
                    await renewal;
                }
            }
            await _queue.DeleteMessageAsync(message.MessageId, receipt.Value, CancellationToken.None);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down: the lease runs out and the message is delivered again.
        }
        catch (Exception e)
        {
            LogAttemptFailed(_logger, _function.Name, message.MessageId, message.DequeueCount, e.GetType().Name, e);
            if (message.DequeueCount >= _settings.MaxDequeueCount)
            {
                await MoveToPoisonAsync(message.MessageId, receipt.Value!, message.Body.ToString(), e.GetType().Name);
            }
            else
            {
                await _queue.UpdateMessageAsync(message.MessageId, receipt.Value, visibilityTimeout: _settings.VisibilityTimeout, cancellationToken: CancellationToken.None);
            }
        }
    }

    /// <summary>
    /// While the function runs: at every half lease the message is made invisible for another lease, and the new pop
    /// receipt kept for the delete. An update under way is never cancelled (its receipt would be lost); a failed one is
    /// tried again a second later, and one that finds the message gone (404) ends the renewal.
    /// </summary>
    private async Task KeepInvisibleAsync(string messageId, StrongBox<string> receipt, CancellationToken running)
    {
        var interval = TimeSpan.FromTicks(_lease.Ticks / 2);
        var delay = interval;
        while (true)
        {
            try
            {
                await Task.Delay(delay, running);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            try
            {
                var updated = await _queue.UpdateMessageAsync(messageId, receipt.Value, visibilityTimeout: _lease, cancellationToken: CancellationToken.None);
                receipt.Value = updated.Value.PopReceipt;
                delay = interval;
            }
            catch (Azure.RequestFailedException e) when (e.Status == 404)
            {
                LogRenewalFailed(_logger, _function.Name, messageId, e.Status);
                return;
            }
            catch (Exception e) when (e is Azure.RequestFailedException or HttpRequestException or OperationCanceledException)
            {
                // OperationCanceledException: the client's network timeout (the update itself is never cancelled).
                LogRenewalFailed(_logger, _function.Name, messageId, (e as Azure.RequestFailedException)?.Status ?? 0);
                delay = TimeSpan.FromSeconds(Math.Min(1, interval.TotalSeconds));
            }
        }
    }

    private static object? Bind(System.Reflection.ParameterInfo parameter, QueueMessage message, CancellationToken stoppingToken)
    {
        var type = parameter.ParameterType;
        if (type == typeof(CancellationToken))
        {
            return stoppingToken;
        }
        if (type == typeof(string))
        {
            return message.Body.ToString();
        }
        if (type == typeof(BinaryData))
        {
            return message.Body;
        }
        if (type == typeof(QueueMessage))
        {
            return message;
        }
        return JsonSerializer.Deserialize(message.Body.ToString(), type, JsonSerializerOptions.Web);
    }

    private async Task MoveToPoisonAsync(string messageId, string popReceipt, string body, string reason)
    {
        // The poison copy keeps the message as it came (base64), as the Functions host does.
        await _poison.SendMessageAsync(Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(body)), CancellationToken.None);
        await _queue.DeleteMessageAsync(messageId, popReceipt, CancellationToken.None);
        LogPoisoned(_logger, _function.Name, messageId, reason);
    }

    private async Task OnDecodingFailedAsync(QueueMessageDecodingFailedEventArgs args)
    {
        if (args.ReceivedMessage is { } received)
        {
            await _poison.SendMessageAsync(received.Body.ToString(), CancellationToken.None);
            await _queue.DeleteMessageAsync(received.MessageId, received.PopReceipt, CancellationToken.None);
            LogPoisoned(_logger, _function.Name, received.MessageId, "not valid base64");
        }
    }

    private static async Task Delay(TimeSpan delay, CancellationToken stoppingToken)
    {
        try
        {
            await Task.Delay(delay, stoppingToken);
        }
        catch (OperationCanceledException)
        {
            // Stopping.
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Receiving from queue {Queue} failed with status {Status}")]
    private static partial void LogReceiveFailed(ILogger logger, string queue, int status, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Function {Function} failed on message {MessageId} (attempt {DequeueCount}) with {ExceptionType}")]
    private static partial void LogAttemptFailed(ILogger logger, string function, string messageId, long dequeueCount, string exceptionType, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Function {Function}: settling message {MessageId} failed with {ExceptionType}; it comes back when its lease ends")]
    private static partial void LogSettleFailed(ILogger logger, string function, string messageId, string exceptionType, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Function {Function}: keeping message {MessageId} invisible failed with status {Status}")]
    private static partial void LogRenewalFailed(ILogger logger, string function, string messageId, int status);

    [LoggerMessage(Level = LogLevel.Error, Message = "Function {Function}: message {MessageId} moved to the poison queue ({Reason})")]
    private static partial void LogPoisoned(ILogger logger, string function, string messageId, string reason);
}
