import NATSProtocol

/// The defaults nats-server applies to a stream config before storing it, and the checks it makes.
///
/// The broker calls `withServerDefaults()` then `validationError()`; the texts are nats-server's so that
/// clients (nats.go, nats-py, the `nats` CLI) see the same messages from natsd. Create idempotence compares
/// defaulted configs, so the normalisation must be a pure function of the request.
extension StreamConfig {
    /// The default Msg-Id de-duplication window (2 minutes).
    public static let defaultDuplicateWindow = NanoDuration.minutes(2)
    /// The smallest `max_age` / `duplicate_window` nats-server accepts (100 ms).
    public static let minimumWindow = NanoDuration.milliseconds(100)

    /// The config as nats-server stores it: `subjects` defaults to `[name]` (no mirror/sources), limits
    /// of 0 or below -1 become -1, replicas 0 → 1, `duplicate_window` 0 → 2 m or `max_age` if smaller.
    public func withServerDefaults() -> StreamConfig {
        var c = self
        if c.subjects.isEmpty && c.mirror == nil && c.sources.isEmpty { c.subjects = [c.name] }
        if c.maxConsumers == 0 || c.maxConsumers < -1 { c.maxConsumers = -1 }
        if c.maxMsgs == 0 || c.maxMsgs < -1 { c.maxMsgs = -1 }
        if c.maxBytes == 0 || c.maxBytes < -1 { c.maxBytes = -1 }
        if c.maxMsgsPerSubject == 0 || c.maxMsgsPerSubject < -1 { c.maxMsgsPerSubject = -1 }
        if c.maxMsgSize == 0 || c.maxMsgSize < -1 { c.maxMsgSize = -1 }
        if c.numReplicas == 0 { c.numReplicas = 1 }
        if c.duplicateWindow == .zero {
            c.duplicateWindow =
                (c.maxAge != .zero && c.maxAge < Self.defaultDuplicateWindow) ? c.maxAge : Self.defaultDuplicateWindow
        }
        if c.subjectDeleteMarkerTTL != .zero {
            // Delete markers need per-message TTLs and roll-ups (nats-server turns both on).
            c.allowMsgTTL = true
            c.allowRollupHeaders = true
        }
        return c
    }

    /// The config without the server-managed `_nats.*` metadata keys (what a user asked for).
    public func withoutServerMetadata() -> StreamConfig {
        var c = self
        c.metadata = c.metadata.filter { !$0.key.hasPrefix("_nats.") }
        return c
    }

    /// nats-server's complaint about this (already defaulted) config, or nil if it is acceptable.
    /// Returned as an `APIError` (mostly 500/10052 `{text}`) ready for a response.
    public func validationError() -> APIError? {
        if let why = JetStreamName.streamNameProblem(name) {
            _ = why
            return .streamConfigInvalid("stream name is required and can not contain '.', '*', '>', '\\', '/'")
        }
        if description.utf8.count > 4096 { return .streamConfigInvalid("stream description is too long, maximum allowed is 4096") }
        for (label, known) in [("retention", retention.isKnown), ("discard", discard.isKnown),
                               ("storage", storage.isKnown), ("compression", compression.isKnown)] where !known {
            return .invalidJSON("can not unmarshal \(label)")
        }
        if maxAge.nanoseconds < 0 { return .streamConfigInvalid("max age needs to be >= 0") }
        if maxAge != .zero && maxAge < Self.minimumWindow { return .streamConfigInvalid("max age needs to be >= 100ms") }
        if duplicateWindow.nanoseconds < 0 { return .streamConfigInvalid("duplicates window can not be negative") }
        if duplicateWindow != .zero && duplicateWindow < Self.minimumWindow {
            return .streamConfigInvalid("duplicates window needs to be >= 100ms")
        }
        if maxAge != .zero && duplicateWindow > maxAge {
            return .streamConfigInvalid("duplicates window can not be larger then max age")
        }
        if numReplicas < 0 || numReplicas > 5 { return .streamConfigInvalid("replicas > 5 not supported") }
        if discardNewPerSubject {
            if discard != .new { return .streamConfigInvalid("discard new per subject requires discard new policy to be set") }
            if maxMsgsPerSubject <= 0 {
                return .streamConfigInvalid("discard new per subject requires max msgs per subject > 0")
            }
        }
        if subjectDeleteMarkerTTL != .zero && subjectDeleteMarkerTTL < .seconds(1) {
            return .streamConfigInvalid("subject delete marker TTL must be at least 1 second")
        }
        if allowRollupHeaders && denyPurge { return .streamConfigInvalid("roll-ups require the purge permission") }
        if mirror != nil && !subjects.isEmpty {
            return .mirrorWithSubjects
        }
        var seen = Set<String>()
        for s in subjects {
            if !seen.insert(s).inserted { return .streamConfigInvalid("duplicate subjects detected") }
            if !Subject.isValidPattern(s) { return .streamConfigInvalid("invalid subject") }
            if !noAck && (s == ">" || (s.hasPrefix("$JS.") && !s.hasPrefix("$JS.EVENT."))) {
                return .streamConfigInvalid("subjects that overlap with jetstream api require no-ack to be true")
            }
        }
        let list = Array(seen)
        for i in list.indices {
            for j in list.indices where j > i && Subject.overlaps(list[i], list[j]) {
                return .streamConfigInvalid("subjects overlap")
            }
        }
        return nil
    }

    /// What an update from `self` (the stored config) to `new` may not change; nil when allowed.
    public func updateError(to new: StreamConfig) -> APIError? {
        if new.name != name { return .streamConfigInvalid("stream configuration name must match original") }
        if new.storage != storage { return .streamConfigInvalid("stream configuration update can not change storage type") }
        if (retention == .workQueue) != (new.retention == .workQueue) {
            return .streamConfigInvalid("stream configuration update can not change retention policy to/from workqueue")
        }
        if sealed && !new.sealed { return .streamConfigInvalid("stream configuration update can not unseal a sealed stream") }
        if denyDelete && !new.denyDelete { return .streamConfigInvalid("stream configuration update can not cancel deny message deletes") }
        if denyPurge && !new.denyPurge { return .streamConfigInvalid("stream configuration update can not cancel deny purge") }
        if allowMsgTTL && !new.allowMsgTTL {
            return .streamConfigInvalid("stream configuration update can not disable message TTL")
        }
        if mirror != new.mirror { return .streamConfigInvalid("stream mirror configuration can not be updated") }
        return nil
    }
}
