import Foundation

/// JetStream API calls as JSON in, JSON out, over the console's connection (so they run on any
/// ``ConsoleConnection``). The wizards and reports keep the server's JSON as it came: `--json`
/// prints it unchanged and `--config` reads it back unchanged, whatever fields it holds.
struct JetStreamRequests: Sendable {
    let connection: any ConsoleConnection
    var prefix = "$JS.API."
    var timeout: Duration = .seconds(5)

    /// Sends `body` (nil: an empty request) to `$JS.API.<verb>` and returns the answer; an `error`
    /// member becomes ``JetStreamRequestError/api``.
    func call(_ verb: String, _ body: JSONValue? = nil) async throws -> JSONValue {
        let subject = prefix + verb
        let inbox = connection.newInbox()
        let sub = try await connection.subscribe(inbox, queue: nil)
        let timeout = self.timeout
        let connection = self.connection
        let message: ConsoleMessage
        do {
            message = try await withThrowingTaskGroup(of: ConsoleMessage?.self) { group in
                group.addTask {
                    for try await m in sub.messages { return m }
                    return nil
                }
                group.addTask {
                    try await Task.sleep(for: timeout)
                    return nil
                }
                try await connection.publish(subject, payload: Array((body?.text ?? "").utf8), headers: nil, reply: inbox)
                let first = try await group.next() ?? nil
                group.cancelAll()
                guard let first else {
                    throw JetStreamRequestError.timeout(subject: subject, timeout: timeout, up: connection.isUp)
                }
                return first
            }
        } catch {
            await sub.unsubscribe()
            throw error
        }
        await sub.unsubscribe()
        if message.isNoResponders { throw JetStreamRequestError.notEnabled }
        let json: JSONValue
        do {
            json = try JSONValue.parse(Data(message.payload))
        } catch {
            throw JetStreamRequestError.invalid(subject: subject, reason: "\(error)")
        }
        if let e = json[path: "error"]?.objectValue {
            throw JetStreamRequestError.api(code: e["code"]?.intValue ?? 0, errCode: e["err_code"]?.intValue ?? 0,
                                            description: e["description"]?.stringValue ?? "unknown error")
        }
        return json
    }

    /// Every stream name, sorted (all pages).
    func streamNames() async throws -> [String] {
        var names: [String] = []
        var offset = 0
        while true {
            let page = try await call("STREAM.NAMES", ["offset": .int(offset)])
            let got = page[path: "streams"]?.arrayValue?.compactMap(\.stringValue) ?? []
            names += got
            offset += got.count
            let total = page[path: "total"]?.intValue ?? 0
            if got.isEmpty || offset >= total { break }
        }
        return names.sorted()
    }

    /// Stream names without the KV, object store and other system streams, as natscli's pickers show them.
    func userStreamNames() async throws -> [String] {
        try await streamNames().filter { !$0.hasPrefix("KV_") && !$0.hasPrefix("OBJ_") && !$0.hasPrefix("$") }
    }

    func consumerNames(stream: String) async throws -> [String] {
        let page = try await call("CONSUMER.NAMES.\(stream)", ["offset": 0])
        return (page[path: "consumers"]?.arrayValue?.compactMap(\.stringValue) ?? []).sorted()
    }

    /// Fails fast when the connection is down, before anything is sent (nothing is created).
    func requireUp(_ what: String) throws {
        guard connection.isUp else {
            throw JetStreamRequestError.disconnected(url: connection.url, what: what)
        }
    }
}

/// A JetStream API call that failed, in words for people.
enum JetStreamRequestError: Error, CustomStringConvertible, Equatable {
    case notEnabled
    case timeout(subject: String, timeout: Duration, up: Bool)
    case disconnected(url: String, what: String)
    case invalid(subject: String, reason: String)
    case api(code: Int, errCode: Int, description: String)

    var errCode: Int? { if case .api(_, let e, _) = self { return e }; return nil }

    var description: String {
        switch self {
        case .notEnabled:
            return "JetStream is not enabled on this server (nothing answers $JS.API); start it with -js (natsh: server start)"
        case .timeout(let subject, let t, let up):
            return up ? "no answer from JetStream on \(subject) within \(t)"
                : "the server went away: no answer on \(subject) within \(t) and the connection is down (reconnecting)"
        case .disconnected(let url, let what):
            return "the connection to \(url) is down (reconnecting); \(what)"
        case .invalid(let subject, let reason):
            return "unreadable answer on \(subject): \(reason)"
        case .api(_, let errCode, let description):
            return "\(description) (error \(errCode))"
        }
    }
}
