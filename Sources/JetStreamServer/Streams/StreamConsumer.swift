import Dispatch
import Foundation
import JetStreamAPI
import JetStreamStore
import Logging
import NATSBroker
import NATSProtocol
import NIOCore
import Synchronization

/// The seam between streams (Streams/, broker-js) and the consumer engine (Consumers/, broker-cons).
///
/// A ``Stream`` keeps its consumers in a list (``Stream/attach(_:)``, ``Stream/detach(name:)``) and tells
/// each of them what happens to the stream's messages. What a consumer must provide:
///
/// * **Threading.** Every call below can come from any thread: `streamDidAppend` from the publisher's
///   event loop (right after the message got its sequence, *outside* the stream's lock, so a consumer may
///   call back into the stream), `streamDidRemove` from whichever thread removed (publisher for limit
///   evictions, the expiry timer, the API queue for purge/delete). With several event loops, appends of
///   two publishers may be reported out of order (seq 8 before 7): treat `sequence` as "new messages up
///   to here exist", never as "exactly the next one". The consumer serialises its own state.
/// * **Retention.** For `interest` and `workqueue` streams the stream asks ``isInterested(in:)`` and
///   ``hasAcked(sequence:)``; after a consumer acks (or terms, or gives up after max deliver) a message it
///   calls ``Stream/consumerAcknowledged(sequence:subject:)`` and the stream removes the message when the
///   policy says so. Limits streams ignore that call. A consumer created on an interest stream sees only
///   messages stored while it existed (the stream does not store what nobody is interested in).
/// * **Lifecycle.** `stop()` on server shutdown or stream delete (persist state, cancel timers, send
///   nothing more); `delete()` when the consumer itself is deleted (remove its persisted state too).
public protocol StreamConsumer: AnyObject, Sendable {
    var name: String { get }
    var config: ConsumerConfig { get }
    /// A message was stored with this sequence on this subject.
    func streamDidAppend(sequence: UInt64, subject: String)
    /// Messages left the stream (limits, max age, purge, delete, rollup, acked on workqueue/interest).
    func streamDidRemove(_ removal: StoreRemoval)
    /// The consumer's info as `CONSUMER.INFO` answers it.
    func info() -> ConsumerInfo
    func stop()
    func delete()
    /// Whether this consumer's filter matches `subject` (interest retention: is anyone still to ack it?).
    func isInterested(in subject: String) -> Bool
    /// Whether this consumer is done with `sequence` (acked, termed, past max deliver, or AckNone and
    /// delivered). Only asked for sequences the consumer is interested in.
    func hasAcked(sequence: UInt64) -> Bool
}

/// The `$JS.API.CONSUMER.*` handler and consumer restore, provided by Consumers/ (broker-cons).
///
/// The ``APIRouter`` hands it every request whose subject starts with `$JS.API.CONSUMER.` (already
/// counted in the API statistics; `request.tokens` are the subject's tokens after `$JS.API.`, e.g.
/// `["CONSUMER", "CREATE", "S", "name"]`). It runs on the API queue (serial, off the event loops) and
/// answers with `request.respond(...)`; errors through `request.respond(error:type:)` are counted as API
/// errors. `$JS.API.CONSUMER.MSG.NEXT.*` is delivered here too, but inline on the publisher's event loop
/// (pull requests are on the hot path): `handleInline` must not block.
public protocol ConsumerAPIHandling: AnyObject, Sendable {
    /// A CONSUMER.* request other than MSG.NEXT (on the API queue).
    func handle(_ request: APIRequest)
    /// A CONSUMER.MSG.NEXT request (on the publisher's event loop).
    func handleInline(_ request: APIRequest)
    /// Called once per stream restored from disk at start-up, after its messages: restore its durable
    /// consumers (and log `Recovering N consumers for stream - '$G > NAME'` as nats-server does).
    func restoreConsumers(of stream: Stream)
}
