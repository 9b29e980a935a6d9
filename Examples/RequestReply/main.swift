// Request/reply: a service answers on a subject, a client asks with a deadline.
//
//   swift run example-request-reply [nats://host:port]   (or NATS_URL; default nats://127.0.0.1:4222)
//
// Every request of a connection shares one inbox subscription (`_INBOX.<id>.*`); a request to a
// subject nobody serves fails at once with `NATSError.noResponders`, not after the timeout.
#if canImport(Glibc)
import Glibc
#endif
import NATSClient

let url = CommandLine.arguments.dropFirst().first
let options = url.map { NATSOptions(url: $0) } ?? NATSOptions()

do {
    // The service: its own connection, answering "time.now"-style requests on "math.double".
    let service = try await NATSConnection.connect(options)
    let requests = try await service.subscribe("math.double", queue: "math")  // a queue group scales it out
    let server = Task {
        for await request in requests {
            guard let reply = request.reply else { continue }  // a plain publish: nobody to answer
            let n = Int(request.string) ?? 0
            try? await service.publish(reply, String(n * 2))
        }
    }

    // The client.
    let nc = try await NATSConnection.connect(options)
    for n in [1, 21, 500] {
        let answer = try await nc.request("math.double", String(n), timeout: .seconds(2))
        print("double(\(n)) = \(answer.string)")
    }

    do {
        _ = try await nc.request("math.triple", "3", timeout: .seconds(2))
    } catch NATSError.noResponders(let subject) {
        print("nobody serves \(subject)")
    }

    print("round trip: \(try await nc.rtt())")
    server.cancel()
    await nc.close()
    await service.close()
} catch {
    print(error)
    exit(1)
}
