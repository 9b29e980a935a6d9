import Foundation

/// natscli's `stream info`, `consumer info` and `kv info` layouts, built from the server's JSON as
/// it came (so the same JSON is what `--json` prints). Labels stay within 20 columns so the value
/// column sits where the tutorial shows it (`              Messages: 39`).
enum JetStreamReports {
    // MARK: Streams

    static func stream(_ info: JSONValue, verb: String? = nil) -> Report {
        let c = info[path: "config"] ?? .object([:])
        let s = info[path: "state"] ?? .object([:])
        let name = c[path: "name"]?.stringValue ?? "?"
        var title = "Information for Stream \(name)"
        if let verb { title += " \(verb)" }
        if let created = info[path: "created"]?.stringValue.flatMap(parseTime) { title += " created " + localTime(created) }
        var top: [(String, String)] = []
        if let d = c[path: "description"]?.stringValue, !d.isEmpty { top.append(("Description", d)) }
        let subjects = c[path: "subjects"]?.arrayValue?.compactMap(\.stringValue) ?? []
        if !subjects.isEmpty { top.append(("Subjects", subjects.joined(separator: ", "))) }
        top.append(("Replicas", String(c[path: "num_replicas"]?.intValue ?? 1)))
        top.append(("Storage", titled(c[path: "storage"]?.stringValue ?? "file")))

        var options: [(String, String)] = [
            ("Retention", titled(c[path: "retention"]?.stringValue ?? "limits")),
            ("Acknowledgments", yesNo(!(c[path: "no_ack"]?.boolValue ?? false))),
            ("Discard Policy", titled(c[path: "discard"]?.stringValue ?? "old")),
            ("Duplicate Window", duration(c[path: "duplicate_window"])),
            ("Direct Get", yesNo(c[path: "allow_direct"]?.boolValue ?? false)),
        ]
        if c[path: "mirror_direct"]?.boolValue == true { options.append(("Mirror Direct Get", "true")) }
        if c[path: "compression"]?.stringValue == "s2" { options.append(("Compression", "S2")) }
        if c[path: "discard_new_per_subject"]?.boolValue == true { options.append(("Discard Per Subject", "true")) }
        options.append(("Allows Msg Delete", yesNo(!(c[path: "deny_delete"]?.boolValue ?? false))))
        options.append(("Allows Purge", yesNo(!(c[path: "deny_purge"]?.boolValue ?? false))))
        options.append(("Allows Rollups", yesNo(c[path: "allow_rollup_hdrs"]?.boolValue ?? false)))
        if c[path: "allow_msg_ttl"]?.boolValue == true { options.append(("Allows Msg TTL", "true")) }
        if c[path: "sealed"]?.boolValue == true { options.append(("Sealed", "true")) }

        let limits: [(String, String)] = [
            ("Maximum Messages", count(c[path: "max_msgs"])),
            ("Maximum Per Subject", count(c[path: "max_msgs_per_subject"])),
            ("Maximum Bytes", bytes(c[path: "max_bytes"])),
            ("Maximum Age", age(c[path: "max_age"])),
            ("Maximum Message Size", bytes(c[path: "max_msg_size"])),
            ("Maximum Consumers", count(c[path: "max_consumers"])),
        ]
        var sections: [Report.Section] = [.init(title: nil, rows: top), .init(title: "Options", rows: options),
                                          .init(title: "Limits", rows: limits)]
        if let mirror = c[path: "mirror"], case .object = mirror {
            sections.append(.init(title: "Mirror Information", rows: [("Mirror", mirror[path: "name"]?.stringValue ?? "?")]))
        }
        if let sources = c[path: "sources"]?.arrayValue, !sources.isEmpty {
            sections.append(.init(title: "Source Information", rows: sources.map { ("Source", $0[path: "name"]?.stringValue ?? "?") }))
        }
        sections.append(.init(title: "State", rows: stateRows(s)))
        return Report(title: title, sections: sections, json: withoutEnvelope(info))
    }

    /// The State block (also `stream info --state`).
    static func stateRows(_ s: JSONValue) -> [(String, String)] {
        var rows: [(String, String)] = [
            ("Messages", number(s[path: "messages"]?.intValue ?? 0)),
            ("Bytes", AnswerFormats.humanBytes(s[path: "bytes"]?.intValue ?? 0)),
            ("First Sequence", sequence(s[path: "first_seq"], s[path: "first_ts"])),
            ("Last Sequence", sequence(s[path: "last_seq"], s[path: "last_ts"])),
        ]
        if let d = s[path: "num_deleted"]?.intValue, d > 0 { rows.append(("Deleted Messages", number(d))) }
        rows.append(("Active Consumers", number(s[path: "consumer_count"]?.intValue ?? 0)))
        if let n = s[path: "num_subjects"]?.intValue, n > 0 { rows.append(("Number of Subjects", number(n))) }
        return rows
    }

    // MARK: Consumers

    static func consumer(_ info: JSONValue, verb: String? = nil) -> Report {
        let c = info[path: "config"] ?? .object([:])
        let stream = info[path: "stream_name"]?.stringValue ?? "?"
        let name = info[path: "name"]?.stringValue ?? c[path: "name"]?.stringValue ?? "?"
        var title = "Information for Consumer \(stream) > \(name)"
        if let verb { title += " \(verb)" }
        if let created = info[path: "created"]?.stringValue.flatMap(parseTime) { title += " created " + rfc3339Local(created) }
        var cfg: [(String, String)] = [("Name", name)]
        if let d = c[path: "description"]?.stringValue, !d.isEmpty { cfg.append(("Description", d)) }
        let push = c[path: "deliver_subject"]?.stringValue.map { !$0.isEmpty } ?? false
        if push {
            cfg.append(("Delivery Subject", c[path: "deliver_subject"]!.stringValue!))
            if let g = c[path: "deliver_group"]?.stringValue, !g.isEmpty { cfg.append(("Deliver Queue Group", g)) }
        } else {
            cfg.append(("Pull Mode", "true"))
        }
        if let f = c[path: "filter_subject"]?.stringValue, !f.isEmpty { cfg.append(("Filter Subject", f)) }
        if let fs = c[path: "filter_subjects"]?.arrayValue, !fs.isEmpty {
            cfg.append(("Filter Subjects", fs.compactMap(\.stringValue).joined(separator: ", ")))
        }
        cfg.append(("Deliver Policy", deliverPolicy(c)))
        cfg.append(("Ack Policy", titled(c[path: "ack_policy"]?.stringValue ?? "none")))
        if c[path: "ack_policy"]?.stringValue != "none" { cfg.append(("Ack Wait", duration(c[path: "ack_wait"]))) }
        cfg.append(("Replay Policy", titled(c[path: "replay_policy"]?.stringValue ?? "instant")))
        if let m = c[path: "max_deliver"]?.intValue, m > 0 { cfg.append(("Maximum Deliveries", number(m))) }
        if let m = c[path: "max_ack_pending"]?.intValue, m != 0 { cfg.append(("Max Ack Pending", m < 0 ? "unlimited" : number(m))) }
        if !push, let w = c[path: "max_waiting"]?.intValue, w > 0 { cfg.append(("Max Waiting Pulls", number(w))) }
        if let h = c[path: "idle_heartbeat"]?.intValue, h > 0 { cfg.append(("Idle Heartbeat", AnswerFormats.humanDuration(h))) }
        if c[path: "flow_control"]?.boolValue == true { cfg.append(("Flow Control", "true")) }
        if c[path: "headers_only"]?.boolValue == true { cfg.append(("Headers Only", "true")) }
        if let b = c[path: "backoff"]?.arrayValue, !b.isEmpty {
            let steps = b.compactMap(\.intValue).map(AnswerFormats.humanDuration)
            cfg.append(("Backoff", steps.count > 6 ? steps.prefix(3).joined(separator: ", ") + ", ..., " + steps.suffix(2).joined(separator: ", ") : steps.joined(separator: ", ")))
        }
        if let t = c[path: "inactive_threshold"]?.intValue, t > 0 { cfg.append(("Inactive Threshold", AnswerFormats.humanDuration(t))) }
        if let r = c[path: "rate_limit_bps"]?.intValue, r > 0 { cfg.append(("Rate Limit", number(r) + " bps")) }
        if let r = c[path: "num_replicas"]?.intValue, r > 0 { cfg.append(("Replicas", String(r))) }
        if c[path: "mem_storage"]?.boolValue == true { cfg.append(("Memory Storage", "true")) }

        let maxPending = c[path: "max_ack_pending"]?.intValue ?? 0
        var state: [(String, String)] = [
            ("Last Delivered Message", seqPair(info[path: "delivered"])),
            ("Acknowledgment Floor", seqPair(info[path: "ack_floor"])),
            ("Outstanding Acks", number(info[path: "num_ack_pending"]?.intValue ?? 0)
                + (maxPending > 0 ? " out of maximum " + number(maxPending) : "")),
            ("Redelivered Messages", number(info[path: "num_redelivered"]?.intValue ?? 0)),
            ("Unprocessed Messages", number(info[path: "num_pending"]?.intValue ?? 0)),
        ]
        if push {
            let active = info[path: "push_bound"]?.boolValue == true
            state.append(("Active Interest", active ? "Active" : "No interest"))
        } else {
            let w = c[path: "max_waiting"]?.intValue ?? 0
            state.append(("Waiting Pulls", number(info[path: "num_waiting"]?.intValue ?? 0) + (w > 0 ? " of maximum " + number(w) : "")))
        }
        return Report(title: title, sections: [.init(title: "Configuration", rows: cfg), .init(title: "State", rows: state)],
                      json: withoutEnvelope(info))
    }

    static func deliverPolicy(_ c: JSONValue) -> String {
        switch c[path: "deliver_policy"]?.stringValue ?? "all" {
        case "all": return "All"
        case "last": return "Last"
        case "new": return "New"
        case "last_per_subject": return "Last Per Subject"
        case "by_start_sequence": return "From Sequence " + String(c[path: "opt_start_seq"]?.intValue ?? 0)
        case "by_start_time":
            return "Since " + (c[path: "opt_start_time"]?.stringValue.flatMap(parseTime).map(utcTime) ?? "?")
        case let other: return other
        }
    }

    static func seqPair(_ v: JSONValue?) -> String {
        var s = "Consumer sequence: \(number(v?[path: "consumer_seq"]?.intValue ?? 0)) Stream sequence: \(number(v?[path: "stream_seq"]?.intValue ?? 0))"
        if let t = v?[path: "last_active"]?.stringValue.flatMap(parseTime) {
            s += " Last delivery: " + AnswerFormats.humanDuration(Int(max(0, Date().timeIntervalSince(t)) * 1e9)) + " ago"
        }
        return s
    }

    // MARK: Key-value buckets

    static func bucket(_ info: JSONValue, verb: String? = nil) -> Report {
        let c = info[path: "config"] ?? .object([:])
        let s = info[path: "state"] ?? .object([:])
        let stream = c[path: "name"]?.stringValue ?? "KV_?"
        let bucket = stream.hasPrefix("KV_") ? String(stream.dropFirst(3)) : stream
        var title = "Information for Key-Value Store Bucket \(bucket)"
        if let verb { title += " \(verb)" }
        if let created = info[path: "created"]?.stringValue.flatMap(parseTime) { title += " created " + localTime(created) }
        var cfg: [(String, String)] = [("Bucket Name", bucket)]
        if let d = c[path: "description"]?.stringValue, !d.isEmpty { cfg.append(("Description", d)) }
        cfg += [
            ("History Kept", number(c[path: "max_msgs_per_subject"]?.intValue ?? 1)),
            ("Values Stored", number(s[path: "messages"]?.intValue ?? 0)),
            ("Compressed", yesNo(c[path: "compression"]?.stringValue == "s2")),
            ("Backing Store Kind", "JetStream"),
            ("Bucket Size", AnswerFormats.humanBytes(s[path: "bytes"]?.intValue ?? 0)),
            ("Maximum Bucket Size", bytes(c[path: "max_bytes"])),
            ("Maximum Value Size", bytes(c[path: "max_msg_size"])),
            ("Maximum Age", age(c[path: "max_age"])),
            ("JetStream Stream", stream),
            ("Storage", titled(c[path: "storage"]?.stringValue ?? "file")),
            ("Replicas", String(c[path: "num_replicas"]?.intValue ?? 1)),
        ]
        return Report(title: title, sections: [.init(title: "Configuration", rows: cfg)], json: withoutEnvelope(info))
    }

    // MARK: Values

    /// The info without the API envelope (`type`, paging fields): what `--json` prints and `--config` reads.
    static func withoutEnvelope(_ info: JSONValue) -> JSONValue {
        guard var o = info.objectValue else { return info }
        for k in ["type", "total", "offset", "limit", "did_create"] { o[k] = nil }
        return .object(o)
    }

    static func titled(_ s: String) -> String {
        switch s {
        case "workqueue": return "WorkQueue"
        default: return s.prefix(1).uppercased() + s.dropFirst()
        }
    }

    static func yesNo(_ b: Bool) -> String { b ? "true" : "false" }

    static func number(_ n: Int) -> String { n.formatted(.number.locale(Locale(identifier: "en_US"))) }

    static func count(_ v: JSONValue?) -> String {
        guard let n = v?.intValue, n > 0 else { return "unlimited" }
        return number(n)
    }

    static func bytes(_ v: JSONValue?) -> String {
        guard let n = v?.intValue, n > 0 else { return "unlimited" }
        return AnswerFormats.humanBytes(n)
    }

    static func age(_ v: JSONValue?) -> String {
        guard let n = v?.intValue, n > 0 else { return "unlimited" }
        return AnswerFormats.humanDuration(n)
    }

    static func duration(_ v: JSONValue?) -> String { AnswerFormats.humanDuration(v?.intValue ?? 0) }

    /// `1 @ 2024-04-25 17:24:49 UTC`, or just the number when there is no time (empty stream).
    static func sequence(_ seq: JSONValue?, _ ts: JSONValue?) -> String {
        let n = number(seq?.intValue ?? 0)
        guard let t = ts?.stringValue.flatMap(parseTime), t.timeIntervalSince1970 > 0 else { return n }
        return n + " @ " + utcTime(t)
    }

    static func parseTime(_ s: String) -> Date? {
        // Go writes up to nine fraction digits; keep three, which the formatter reads.
        var text = s
        if let dot = text.firstIndex(of: "."), let end = text[dot...].firstIndex(where: { !$0.isNumber && $0 != "." }) {
            let frac = text[text.index(after: dot)..<end]
            text = String(text[..<dot]) + "." + String(frac.prefix(3)).padding(toLength: 3, withPad: "0", startingAt: 0) + String(text[end...])
        }
        let f = ISO8601DateFormatter()
        f.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        if let d = f.date(from: text) { return d }
        f.formatOptions = [.withInternetDateTime]
        let d = f.date(from: text)
        // Go's zero time (0001-01-01) means "never".
        if let d, d.timeIntervalSince1970 < 0 { return nil }
        return d
    }

    static func utcTime(_ d: Date) -> String {
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.timeZone = TimeZone(identifier: "UTC")
        f.dateFormat = "yyyy-MM-dd HH:mm:ss 'UTC'"
        return f.string(from: d)
    }

    static func localTime(_ d: Date) -> String {
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.dateFormat = "yyyy-MM-dd HH:mm:ss"
        return f.string(from: d)
    }

    static func rfc3339Local(_ d: Date) -> String {
        let f = ISO8601DateFormatter()
        f.timeZone = TimeZone.current
        f.formatOptions = [.withInternetDateTime]
        return f.string(from: d)
    }
}
