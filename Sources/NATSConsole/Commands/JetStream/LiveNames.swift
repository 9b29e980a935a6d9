import Foundation
import JetStreamAPI
import NATSClient
import Synchronization

/// Live names for tab completion: streams, a stream's consumers, KV buckets, fetched from the server
/// when Tab is pressed and kept for a few seconds.
///
/// Completion runs on the line editor's thread and must return a list at once, so a fetch there
/// waits at most ``LiveNames/waitLimit`` for the answer (a local server answers in about a
/// millisecond); a slow server gives the names known so far, and the answer still fills the cache
/// for the next Tab. Commands that list, create or delete names update the cache directly.
enum LiveNames {
    static let stream = "stream"
    static let consumer = "consumer"
    static let bucket = "bucket"
    /// A stream's consumers are cached under `consumer/<stream>`.
    static func consumerKind(_ stream: String) -> String { consumer + "/" + stream }

    static let maxAge: Duration = .seconds(3)
    static let waitLimit: Duration = .milliseconds(400)

    /// Installs the fetchers for `session` on its completion source.
    static func install(on session: Session) {
        let fetch: @Sendable (String) async -> [String]? = { [session] kind in
            guard await session.isConnected, let conn = try? await session.connected(), let nc = conn.client else { return nil }
            let js = nc.jetStream(JetStreamOptions(timeout: .seconds(2)))
            do {
                if kind == stream {
                    return try await js.streamNames().collect().filter { !JS.isSystemStream($0) }.sorted()
                }
                if kind == bucket {
                    return try await js.streamNames().collect().filter { $0.hasPrefix("KV_") }.map { String($0.dropFirst(3)) }.sorted()
                }
                if kind.hasPrefix(consumer + "/") {
                    let name = String(kind.dropFirst(consumer.count + 1))
                    return try await js.consumerNames(stream: name).collect().sorted()
                }
            } catch {
                return nil
            }
            return nil
        }
        session.completions.setFetcher(maxAge: maxAge, waitLimit: waitLimit) { kind in
            kind == stream || kind == bucket || kind.hasPrefix(consumer + "/") ? kind : nil
        } fetch: { kind in await fetch(kind) }
    }

    /// After `stream rm`: the stream and its consumers are gone from the cache.
    static func forget(stream name: String, in source: CompletionSource) {
        source.forget(name, kind: stream)
        source.replace(kind: consumerKind(name), with: [])
    }
}
