import Dispatch
import Foundation
import JetStreamAPI
import JetStreamStore
import Logging
import NATSBroker
import NATSProtocol
import NIOCore
import Synchronization

/// Start-up: every file stream in the store directory comes back, with nats-server's log lines.
/// Memory streams are not persisted, so they do not (as nats-server).
extension JetStreamService {
    func restoreStreams() {
        for name in storage.storedStreamNames() {
            logger.info("  Starting restore for stream '$G > \(name)'")
            let started = ContinuousClock.now
            do {
                guard let restored = try storage.restore(name: name) else { continue }
                let meta = try JetStreamJSON.decode(StreamMeta.self, from: restored.meta)
                let stream = try makeStream(config: meta.config, created: meta.created, store: restored.store)
                let stats = restored.statistics
                if let lost = stats?.lost, !lost.isEmpty {
                    logger.warning(
                        "  Stream '$G > \(name)' lost \(lost.sequences.count) messages (\(lost.bytes) bytes) found damaged: \(lost.reasons.joined(separator: "; "))")
                }
                if let expired = stats?.expired, expired > 0 {
                    logger.info("  Removed \(expired) expired messages from stream '$G > \(name)'")
                }
                let count = stream.store.state.messages
                let took = stats?.duration ?? (ContinuousClock.now - started)
                logger.info("  Restored \(Self.grouped(count)) messages for stream '$G > \(name)' in \(Self.roundedMilliseconds(took))")
                consumerAPI?.restoreConsumers(of: stream)
            } catch {
                logger.error("  Error restoring stream '$G > \(name)': \(error)")
            }
        }
        refreshUsage()
    }

    /// `1,234,567` as nats-server prints counts.
    static func grouped(_ n: UInt64) -> String {
        let digits = Array(String(n))
        var out = ""
        for (i, d) in digits.enumerated() {
            if i > 0 && (digits.count - i) % 3 == 0 { out.append(",") }
            out.append(d)
        }
        return out
    }

    /// nats-server rounds restore times to the millisecond (`3ms`, `1.2s`).
    static func roundedMilliseconds(_ d: Duration) -> String {
        let ns = NanoDuration(d).nanoseconds
        return NanoDuration(nanoseconds: (ns + 500_000) / 1_000_000 * 1_000_000).goString
    }
}
