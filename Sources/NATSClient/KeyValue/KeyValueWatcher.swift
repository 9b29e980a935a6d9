import JetStreamAPI

/// The changes of a bucket's keys as an `AsyncSequence` of ``KeyValueWatchEvent``: the initial
/// values (latest per key, or all of history), one ``KeyValueWatchEvent/endOfInitialData``,
/// then updates as they happen.
///
/// It reads through an ``OrderedConsumer``, so it survives consumer loss and server restarts
/// without duplicates or holes. The initial data ends at the first entry that had no newer
/// entry pending (`delta` 0), or at once when the bucket had nothing to send. Call ``stop()``
/// when done: it deletes the consumer on the server at once.
public final class KeyValueWatcher: AsyncSequence, Sendable {
    public typealias Element = KeyValueWatchEvent
    public typealias Failure = any Error

    public let bucket: String
    public let options: KeyValueWatchOptions
    let consumer: OrderedConsumer

    init(bucket: String, consumer: OrderedConsumer, options: KeyValueWatchOptions) {
        self.bucket = bucket
        self.consumer = consumer
        self.options = options
    }

    /// Ends the watch and deletes its consumer.
    public func stop() async { await consumer.stop() }

    public struct AsyncIterator: AsyncIteratorProtocol {
        var base: OrderedConsumer.AsyncIterator
        let bucket: String
        let ignoreDeletes: Bool
        var initialDone: Bool
        var endPending: Bool

        public mutating func next() async throws -> KeyValueWatchEvent? {
            if endPending {
                endPending = false
                initialDone = true
                return .endOfInitialData
            }
            while let message = try await base.next() {
                guard let entry = KeyValueEntry(bucket: bucket, delivered: message) else { continue }
                if !initialDone && entry.delta == 0 { endPending = true }
                if ignoreDeletes && entry.operation != .put {
                    if endPending {
                        endPending = false
                        initialDone = true
                        return .endOfInitialData
                    }
                    continue
                }
                return .entry(entry)
            }
            return nil
        }
    }

    public func makeAsyncIterator() -> AsyncIterator {
        let nothingToSend = options.updatesOnly || consumer.initialPending == 0
        return AsyncIterator(
            base: consumer.makeAsyncIterator(), bucket: bucket, ignoreDeletes: options.ignoreDeletes,
            initialDone: nothingToSend, endPending: nothingToSend)
    }
}
