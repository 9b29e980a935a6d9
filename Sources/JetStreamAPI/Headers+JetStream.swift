import NATSProtocol

/// JetStream header names beyond the core set in `NATSHeaderName` (NATSProtocol), so that client,
/// broker and console spell them once.
extension NATSHeaderName {
    public static let numPending = "Nats-Num-Pending"
    public static let msgSize = "Nats-Msg-Size"
    public static let expectedLastSubjectSequenceSubject = "Nats-Expected-Last-Subject-Sequence-Subject"
    public static let rollupSubject = "sub"
    public static let rollupAll = "all"
    public static let incr = "Nats-Incr"
    public static let batchID = "Nats-Batch-Id"
    public static let batchSequence = "Nats-Batch-Sequence"
    public static let batchCommit = "Nats-Batch-Commit"
    public static let schedule = "Nats-Schedule"
    public static let scheduleTarget = "Nats-Schedule-Target"
    public static let streamSource = "Nats-Stream-Source"
}

/// Status descriptions JetStream sends in header-only messages (pull replies, heartbeats).
public enum JetStreamStatus {
    public static let noMessages = "No Messages"
    public static let requestTimeout = "Request Timeout"
    public static let idleHeartbeat = "Idle Heartbeat"
    public static let flowControlRequest = "FlowControl Request"
    public static let endOfBatch = "EOB"
    public static let consumerDeleted = "Consumer Deleted"
    public static let leadershipChange = "Leadership Change"
    public static let exceededMaxWaiting = "Exceeded MaxWaiting"
    public static let batchCompleted = "Batch Completed"
    public static let messageSizeExceedsMaxBytes = "Message Size Exceeds MaxBytes"
    public static let messageNotFound = "Message Not Found"
}
