// Publish and subscribe: the core of NATS.
//
//   swift run example-pubsub [nats://host:port]     (or set NATS_URL; default nats://127.0.0.1:4222)
//
// A subscriber listens on a wildcard subject; a publisher sends three messages, one with headers.
// Subscriptions are AsyncSequences: `for await msg in sub` ends when you unsubscribe or drain.
#if canImport(Glibc)
import Glibc
#endif
import NATSClient

let url = CommandLine.arguments.dropFirst().first
var options = url.map { NATSOptions(url: $0) } ?? NATSOptions()  // empty servers: NATS_URL, then the default
options.name = "example-pubsub"

do {
    let nc = try await NATSConnection.connect(options)
    print("connected to \(nc.connectedServer!) (\(nc.serverInfo?.serverName ?? "?"))")

    // `*` matches one token, `>` one or more trailing tokens.
    let sub = try await nc.subscribe("greetings.*")
    // Stop by itself after three messages (the server is told: UNSUB sid 3).
    try await sub.unsubscribe(after: 3)

    try await nc.publish("greetings.en", "hello")
    try await nc.publish("greetings.zh", "你好")  // payloads are bytes; UTF-8 text is fine
    var headers = NATSHeaders()
    headers.append("Sent-By", "example-pubsub")
    try await nc.publish("greetings.fr", "bonjour", headers: headers)

    for await msg in sub {
        let from = msg.headers?["Sent-By"].map { " (headers: Sent-By=\($0))" } ?? ""
        print("\(msg.subject): \(msg.string)\(from)")
    }

    // Drain: unsubscribe everything, let in-flight messages arrive, flush publishes, close.
    try await nc.drain()
} catch {
    print(error)  // e.g. "nats: could not connect to nats://127.0.0.1:4222: connection refused"
    exit(1)
}
