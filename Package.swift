// swift-tools-version: 6.1
// natsh: a NATS console, the client library it is wired to, and a NATS-compatible broker.
// Module graph (who may import whom) is described in README.md "Architecture".
import PackageDescription

let swiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
]

let package = Package(
    name: "natsh",
    platforms: [.macOS(.v15)],
    products: [
        .library(name: "NATSProtocol", targets: ["NATSProtocol"]),
        .library(name: "NATSClient", targets: ["NATSClient"]),
        .library(name: "NATSBroker", targets: ["NATSBroker"]),
        .library(name: "NATSNKeys", targets: ["NATSNKeys"]),
        .library(name: "JetStreamAPI", targets: ["JetStreamAPI"]),
        .library(name: "JetStreamServer", targets: ["JetStreamServer"]),
        .library(name: "NATSMonitoring", targets: ["NATSMonitoring"]),
        .executable(name: "natsh", targets: ["natsh"]),
        .executable(name: "natsd", targets: ["natsd"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/HdrHistogram/hdrhistogram-swift", from: "0.2.0"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
    ],
    targets: [
        // The wire protocol, shared by client and broker: parser, encoder, subjects, headers, limits, errors.
        .target(
            name: "NATSProtocol",
            dependencies: [.product(name: "NIOCore", package: "swift-nio")],
            swiftSettings: swiftSettings
        ),
        // NATS nkeys (Ed25519 keys in base32 with a CRC16), nonce signatures, `.creds` files and JWTs:
        // shared by the client (signing) and the broker (verifying). Ed25519 from swift-crypto.
        .target(
            name: "NATSNKeys",
            dependencies: [.product(name: "Crypto", package: "swift-crypto")],
            swiftSettings: swiftSettings
        ),
        // The JetStream API model shared by client and broker: configs, infos, requests and responses,
        // API errors, KV conventions. JSON exactly as nats-server writes it. Never a second copy.
        .target(
            name: "JetStreamAPI",
            dependencies: ["NATSProtocol"],
            swiftSettings: swiftSettings
        ),
        // The monitoring model (/varz, /connz, /subsz, /jsz, /healthz as typed values) and the one ordered
        // JSON value writer: natsd renders it in nats-server's field order, the console decodes it (top).
        .target(
            name: "NATSMonitoring",
            dependencies: ["NATSProtocol"],
            swiftSettings: swiftSettings
        ),
        // The async/await client library.
        .target(
            name: "NATSClient",
            dependencies: [
                "NATSProtocol",
                "JetStreamAPI",
                "NATSNKeys",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        // The broker: listener, client sessions, subject index, routing, auth, monitoring HTTP.
        .target(
            name: "NATSBroker",
            dependencies: [
                "NATSProtocol",
                "NATSNKeys",
                "NATSMonitoring",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            // The hot path touches connection fields per message; dynamic exclusivity checks cost
            // ~20 % of broker CPU (perf). Each connection's state is confined to its event loop.
            swiftSettings: swiftSettings
        ),
        // JetStream's message stores: the in-memory store and the crash-safe file store (segmented
        // append-only log, a checksum per record, an index). No networking: bytes in, records out.
        .target(
            name: "JetStreamStore",
            swiftSettings: swiftSettings
        ),
        // JetStream inside natsd: streams, consumers, the $JS.API handlers; KV is streams. It plugs into
        // NATSBroker through the broker's internal subscriptions; natsd wires the two together.
        .target(
            name: "JetStreamServer",
            dependencies: [
                "NATSBroker", "NATSProtocol", "JetStreamAPI", "JetStreamStore",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        // Non-variadic wrappers around libedit (Swift cannot call C variadics such as el_set).
        .target(
            name: "CEditLineShim",
            linkerSettings: [.linkedLibrary("edit")]
        ),
        // The console wizards' question sets (stream add/edit, consumer add/edit, kv add) as JSON data,
        // shipped as a resource bundle beside the binaries; `PromptSets` finds and reads them.
        .target(
            name: "Prompts",
            path: "Prompts",
            exclude: ["README.md"],
            resources: [.copy("sets")],
            swiftSettings: swiftSettings
        ),
        // The console: terminal, line editor, REPL, commands, local broker spawner.
        .target(
            name: "NATSConsole",
            dependencies: [
                "NATSClient",
                "NATSMonitoring",
                "Prompts",
                "JetStreamAPI",
                "CEditLineShim",
                .product(name: "Histogram", package: "hdrhistogram-swift"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "natsh",
            dependencies: ["NATSConsole"],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "natsd",
            dependencies: [
                "NATSBroker",
                "JetStreamServer",
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        // The client benchmark (not a test): scripts/bench-client.sh compares it with libnats.
        .executableTarget(
            name: "nats-client-bench",
            dependencies: ["NATSClient"],
            swiftSettings: swiftSettings
        ),
        // Examples: each a page long, a lesson in the client API.
        .executableTarget(name: "example-pubsub", dependencies: ["NATSClient"], path: "Examples/PubSub", swiftSettings: swiftSettings),
        .executableTarget(
            name: "example-request-reply", dependencies: ["NATSClient"], path: "Examples/RequestReply",
            swiftSettings: swiftSettings),
        .executableTarget(
            name: "example-queue-group", dependencies: ["NATSClient"], path: "Examples/QueueGroup",
            swiftSettings: swiftSettings),
        // Test helpers: free ports, spawning nats-server / natsd, waiting for readiness, PTY driving.
        .target(
            name: "NATSTestSupport",
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "NATSProtocolTests",
            dependencies: [
                "NATSProtocol", "NATSTestSupport",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOTestUtils", package: "swift-nio"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "NATSNKeysTests",
            dependencies: ["NATSNKeys", "NATSTestSupport"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "JetStreamAPITests",
            dependencies: ["JetStreamAPI", "NATSProtocol", "NATSTestSupport"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "NATSMonitoringTests",
            dependencies: ["NATSMonitoring", "NATSTestSupport"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "JetStreamStoreTests",
            dependencies: ["JetStreamStore", "NATSTestSupport"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "JetStreamServerTests",
            dependencies: ["JetStreamServer", "JetStreamAPI", "NATSBroker", "NATSClient", "NATSTestSupport"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "NATSClientTests",
            dependencies: [
                "NATSClient", "NATSNKeys", "NATSTestSupport",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "NATSBrokerTests",
            dependencies: ["NATSBroker", "NATSClient", "NATSNKeys", "NATSTestSupport"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "NATSConsoleTests",
            dependencies: ["NATSConsole", "Prompts", "NATSTestSupport"],
            swiftSettings: swiftSettings
        ),
    ]
)
