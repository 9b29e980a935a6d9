import NIOCore

/// The INFO JSON nats-server 2.15.1 really sent (shared/reference/transcripts/01-info-connect.json),
/// kept here so the tests do not depend on files outside the repository.
enum RealInfo {
    static let json = #"{"server_id":"NDX7HEPQ233UWMQPBGKFS7KYD5V5GE4NIKESTXFNRWINPBE4MTJI52LA","server_name":"NDX7HEPQ233UWMQPBGKFS7KYD5V5GE4NIKESTXFNRWINPBE4MTJI52LA","version":"2.15.1","proto":1,"git_commit":"b2fd3ef","go":"go1.27.2","host":"127.0.0.1","port":14222,"headers":true,"max_payload":1048576,"jetstream":true,"client_id":5,"client_ip":"127.0.0.1","api_lvl":5,"xkey":"XCHWK4D53EHP3OQXR2CB6H5C46HQ5XPVQSEW5OTJPXYNN5AL4HSWF3IV"}"#

    /// The INFO Debian's nats-server 2.9.10 really sent (no git_commit, api_lvl, jetstream or xkey):
    /// the lenient decoder must take both generations.
    static let json29 = #"{"server_id":"NDVV4EDFWGH4ANTS7DB6VAVPSCHEZW7V6IB3OE6PSTMNBLLA2GPYHTIA","server_name":"NDVV4EDFWGH4ANTS7DB6VAVPSCHEZW7V6IB3OE6PSTMNBLLA2GPYHTIA","version":"2.9.10","proto":1,"go":"go1.19.8","host":"0.0.0.0","port":14999,"headers":true,"max_payload":1048576,"client_id":4,"client_ip":"127.0.0.1"}"#
}

enum ByteBufferAllocatorHelper {
    static func buffer(_ text: String) -> ByteBuffer {
        ByteBufferAllocator().buffer(string: text)
    }
}
