import Logging
#if canImport(Glibc)
import Glibc
#endif

/// nats-server's log line: `[pid] YYYY/MM/DD HH:MM:SS.uuuuuu [INF] message`, to stderr or a file.
/// Written with `write(2)` on a file descriptor (the global `stderr` is not concurrency-safe in Swift 6).
public struct NATSLogHandler: LogHandler {
    public var logLevel: Logger.Level
    public var metadata: Logger.Metadata = [:]
    private let fd: Int32
    private let timestamps: Bool
    private let utc: Bool

    /// `fd` 2 = stderr; open a file with ``openLogFile(_:)``.
    public init(level: Logger.Level = .info, fd: Int32 = 2, timestamps: Bool = true, utc: Bool = false) {
        self.logLevel = level
        self.fd = fd
        self.timestamps = timestamps
        self.utc = utc
    }

    /// Opens (appends to) a log file; nil with errno set on failure.
    public static func openLogFile(_ path: String) -> Int32? {
        let fd = open(path, O_WRONLY | O_CREAT | O_APPEND, 0o644)
        return fd >= 0 ? fd : nil
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        var line = "[\(getpid())] "
        if timestamps { line += Self.timestamp(utc: utc) + " " }
        line += "[\(Self.tag(event.level))] \(event.message)\n"
        var bytes = Array(line.utf8)
        bytes.withUnsafeMutableBytes { buf in
            var offset = 0
            while offset < buf.count {
                let n = write(fd, buf.baseAddress! + offset, buf.count - offset)
                if n <= 0 { break }
                offset += n
            }
        }
    }

    static func tag(_ level: Logger.Level) -> String {
        switch level {
        case .trace: return "TRC"
        case .debug: return "DBG"
        case .info, .notice: return "INF"
        case .warning: return "WRN"
        case .error: return "ERR"
        case .critical: return "FTL"
        }
    }

    /// `2026/11/25 20:30:01.123456` in local time (or UTC).
    static func timestamp(utc: Bool) -> String {
        var tv = timeval()
        gettimeofday(&tv, nil)
        var seconds = tv.tv_sec
        var parts = tm()
        if utc { gmtime_r(&seconds, &parts) } else { localtime_r(&seconds, &parts) }
        func pad(_ v: Int, _ w: Int) -> String {
            let s = String(v)
            return String(repeating: "0", count: max(0, w - s.count)) + s
        }
        return "\(pad(Int(parts.tm_year) + 1900, 4))/\(pad(Int(parts.tm_mon) + 1, 2))/\(pad(Int(parts.tm_mday), 2)) "
            + "\(pad(Int(parts.tm_hour), 2)):\(pad(Int(parts.tm_min), 2)):\(pad(Int(parts.tm_sec), 2)).\(pad(Int(tv.tv_usec), 6))"
    }
}
