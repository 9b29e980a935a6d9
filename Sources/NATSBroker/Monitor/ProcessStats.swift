#if canImport(Glibc)
import Glibc
#endif
import NIOConcurrencyHelpers

/// CPU and memory of this process from /proc/self, as nats-server reports them in /varz
/// (`mem` = resident bytes, `cpu` = percent of one core over the time since the previous sample).
final class ProcessStats: Sendable {
    private struct Sample {
        var cpuSeconds: Double
        var wallSeconds: Double
    }
    private let last = NIOLockedValueBox<Sample?>(nil)

    static func residentBytes() -> Int {
        guard let text = read("/proc/self/statm") else { return 0 }
        let fields = text.split(separator: " ")
        guard fields.count > 1, let pages = Int(fields[1]) else { return 0 }
        return pages * Int(sysconf(Int32(_SC_PAGESIZE)))
    }

    /// User + system CPU seconds of this process.
    static func cpuSeconds() -> Double {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        let user = Double(usage.ru_utime.tv_sec) + Double(usage.ru_utime.tv_usec) / 1e6
        let system = Double(usage.ru_stime.tv_sec) + Double(usage.ru_stime.tv_usec) / 1e6
        return user + system
    }

    static func wallSeconds() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
    }

    /// Percent CPU since the previous call (since process start for the first call).
    func cpuPercent(processStartWall: Double) -> Double {
        let now = Sample(cpuSeconds: Self.cpuSeconds(), wallSeconds: Self.wallSeconds())
        let previous = last.withLockedValue { old -> Sample? in
            let p = old
            old = now
            return p
        }
        let base = previous ?? Sample(cpuSeconds: 0, wallSeconds: processStartWall)
        let wall = now.wallSeconds - base.wallSeconds
        guard wall > 0.001 else { return 0 }
        return ((now.cpuSeconds - base.cpuSeconds) / wall * 1000).rounded() / 10
    }

    static var cores: Int { Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))) }

    private static func read(_ path: String) -> String? {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var buffer = [UInt8](repeating: 0, count: 4096)
        let n = buffer.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, 4096) }
        guard n > 0 else { return nil }
        return String(decoding: buffer[0..<n], as: UTF8.self)
    }
}
