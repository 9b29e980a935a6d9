// Queue groups: members of a group share the messages of a subject, each message goes to one.
//
//   swift run example-queue-group [nats://host:port]   (or NATS_URL; default nats://127.0.0.1:4222)
//
// Three workers join group "workers" on "jobs"; 30 jobs are published; each worker reports what it
// got. Plain subscribers (without a queue) would each get all 30.
#if canImport(Glibc)
import Glibc
#endif
import NATSClient

let url = CommandLine.arguments.dropFirst().first
let options = url.map { NATSOptions(url: $0) } ?? NATSOptions()

do {
    let nc = try await NATSConnection.connect(options)
    var workers: [Task<[String], Never>] = []
    for id in 1...3 {
        let jobs = try await nc.subscribe("jobs", queue: "workers")
        workers.append(Task {
            var done: [String] = []
            for await job in jobs { done.append(job.string) }  // ends when drained below
            print("worker \(id) did \(done.count) jobs: \(done.joined(separator: " "))")
            return done
        })
    }

    for n in 1...30 { try await nc.publish("jobs", "#\(n)") }

    // Drain delivers everything already sent to the workers, then ends their loops and closes.
    try await nc.drain()
    var total = 0
    for worker in workers { total += await worker.value.count }
    print("\(total) jobs done, none twice")
} catch {
    print(error)
    exit(1)
}
