/// How a ``JetStreamContext`` reaches the JetStream API and how patient it is.
public struct JetStreamOptions: Sendable {
    /// The API subject prefix, `$JS.API` by default. Set this (or ``domain``) to reach JetStream
    /// through an account import or a leaf node.
    public var apiPrefix: String
    /// A JetStream domain: the prefix becomes `$JS.<domain>.API` (a leaf node's own JetStream).
    public var domain: String?
    /// How long every API call waits for its answer.
    public var timeout: Duration
    /// How long a publish keeps retrying while nobody answers (503): a clustered stream has no
    /// leader for a moment after its leader died. Zero tries once.
    public var publishRetryTimeout: Duration
    /// The first wait between publish retries; it doubles up to ``publishRetryMaxWait``.
    public var publishRetryWait: Duration
    /// The longest wait between publish retries.
    public var publishRetryMaxWait: Duration
    /// At most this many async publishes wait for their ack at once; more publishes wait for room.
    public var maxPendingAcks: Int

    public init(
        apiPrefix: String = "$JS.API", domain: String? = nil, timeout: Duration = .seconds(5),
        publishRetryTimeout: Duration = .seconds(2), publishRetryWait: Duration = .milliseconds(25),
        publishRetryMaxWait: Duration = .milliseconds(500), maxPendingAcks: Int = 4096
    ) {
        self.apiPrefix = apiPrefix
        self.domain = domain
        self.timeout = timeout
        self.publishRetryTimeout = publishRetryTimeout
        self.publishRetryWait = publishRetryWait
        self.publishRetryMaxWait = publishRetryMaxWait
        self.maxPendingAcks = maxPendingAcks
    }

    /// The prefix actually used, always ending in a dot: a domain wins over ``apiPrefix``.
    var resolvedPrefix: String {
        if let domain, !domain.isEmpty { return "$JS.\(domain).API." }
        return apiPrefix.hasSuffix(".") ? apiPrefix : apiPrefix + "."
    }
}
