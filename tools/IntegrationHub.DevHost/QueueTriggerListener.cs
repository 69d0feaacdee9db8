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
/// one that does not decode goes straight to poison.
/// </summary>
internal sealed partial class QueueTriggerListener : BackgroundService
{
    private static readonly TimeSpan DefaultLease = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan MinPollingInterval = TimeSpan.FromMilliseconds(100);

    private readonly HubFunction _function;
    private readonly IServiceScopeFactory _scopes;
    private readonly QueueHostSettings _settings;
    private readonly ILogger _logger;
    private readonly QueueClient _queue;
    private readonly QueueClient _poison;

    /// <summary>How long a received message stays invisible: what a killed instance's messages wait before another instance gets them.</summary>
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
        try
        {
            await using var scope = _scopes.CreateAsyncScope();
            await FunctionInvoker.InvokeAsync(scope.ServiceProvider, _function, parameter => Bind(parameter, message, stoppingToken));
            await _queue.DeleteMessageAsync(message.MessageId, message.PopReceipt, CancellationToken.None);
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
                await MoveToPoisonAsync(message.MessageId, message.PopReceipt, message.Body.ToString(), e.GetType().Name);
            }
            else
            {
                await _queue.UpdateMessageAsync(message.MessageId, message.PopReceipt, visibilityTimeout: _settings.VisibilityTimeout, cancellationToken: CancellationToken.None);
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

    [LoggerMessage(Level = LogLevel.Error, Message = "Function {Function}: message {MessageId} moved to the poison queue ({Reason})")]
    private static partial void LogPoisoned(ILogger logger, string function, string messageId, string reason);
}
