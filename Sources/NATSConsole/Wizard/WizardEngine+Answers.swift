import Foundation

/// Reading answers (typed, flags, defaults) into values, writing them into the config, and reading
/// them back out of a config (edit's prefill, `--config` import).
extension WizardEngine {
    /// Parses `raw` as an answer to `q`.
    func parse(_ q: Question, _ raw: String, source: Source) -> Result<Answer, AnswerError> {
        var text = raw.trimmingCharacters(in: .whitespaces)
        if let alias = q.aliases?.first(where: { $0.key.lowercased() == text.lowercased() }) { text = alias.value }
        func ok(_ v: JSONValue, _ t: String, _ shown: String? = nil) -> Result<Answer, AnswerError> {
            .success(Answer(value: v, text: t, shown: shown ?? t, source: source))
        }
        switch q.kind {
        case .text:
            if let problem = textProblem(q.validate, text) { return .failure(AnswerError(problem)) }
            return ok(.string(text), text)
        case .number:
            switch AnswerFormats.parseInteger(text) {
            case .failure(let e): return .failure(e)
            case .success(let n):
                if let u = q.unlimited, n == -1 || (q.zeroIsUnlimited && n <= 0) {
                    return ok(u, "-1")
                }
                if let min = q.min, n < min {
                    return .failure(AnswerError("\(n) is too small: at least \(min)" + (q.unlimited != nil ? " (or -1 for unlimited)" : "")))
                }
                if let max = q.max, n > max { return .failure(AnswerError("\(n) is too large: at most \(max)")) }
                return ok(.int(n), String(n))
            }
        case .size:
            switch AnswerFormats.parseSize(text) {
            case .failure(let e): return .failure(e)
            case .success(let n):
                if n == -1 || (q.zeroIsUnlimited && n == 0) { return ok(q.unlimited ?? .int(-1), "-1") }
                if let max = q.max, n > max {
                    return .failure(AnswerError("\(text) is too large: at most \(AnswerFormats.sizeText(max)) (\(max) bytes)"))
                }
                if let min = q.min, n < min { return .failure(AnswerError("\(text) is too small: at least \(min) bytes")) }
                let canonical = AnswerFormats.sizeText(n)
                let shown = canonical.uppercased() == text.uppercased() || Int(text) != nil ? canonical
                    : "\(text) (\(n.formatted(.number.locale(Locale(identifier: "en_US")))) bytes)"
                return ok(.int(n), canonical, shown)
            }
        case .duration:
            switch AnswerFormats.parseDuration(text) {
            case .failure(let e): return .failure(e)
            case .success(let n):
                if n == -1 {
                    guard let u = q.unlimited else { return .failure(AnswerError("-1 (unlimited) is not possible here; give a duration such as 30s")) }
                    return ok(u, "-1")
                }
                if let min = q.min, n < min {
                    return .failure(AnswerError("\(text) is too short: at least \(AnswerFormats.durationText(min))"))
                }
                return ok(.int(n), AnswerFormats.durationText(n))
            }
        case .select:
            let choices = choiceList(q)
            let lower = text.lowercased()
            func names(_ c: Choice) -> [String] { [c.value, c.shown] + (c.aliases ?? []) }
            if let c = choices.first(where: { names($0).contains { $0.lowercased() == lower } }) {
                return ok(.string(c.value), c.value, c.shown)
            }
            let prefixed = choices.filter { names($0).contains { $0.lowercased().hasPrefix(lower) } }
            if !lower.isEmpty, prefixed.count == 1 { return ok(.string(prefixed[0].value), prefixed[0].value, prefixed[0].shown) }
            let list = choices.map(\.shown).joined(separator: ", ")
            if choices.isEmpty { return .failure(AnswerError("there is nothing to choose from")) }
            return .failure(AnswerError(prefixed.count > 1
                ? "\"\(text)\" matches \(prefixed.map(\.shown).joined(separator: " and ")): type more of it"
                : "\"\(text)\" is not one of: \(list)"))
        case .confirm:
            switch text.lowercased() {
            case "y", "yes", "true": return .success(confirmAnswer(true, source: source))
            case "n", "no", "false": return .success(confirmAnswer(false, source: source))
            default: return .failure(AnswerError("answer yes or no (y/n)"))
            }
        case .subjects:
            let list = AnswerFormats.splitList(text)
            if list.isEmpty && q.required { return .failure(AnswerError("at least one subject is needed")) }
            for s in list {
                if let problem = AnswerFormats.subjectProblem(s, wildcards: true) { return .failure(AnswerError(problem)) }
            }
            return ok(.array(list.map { .string($0) }), list.joined(separator: ","), list.joined(separator: ", "))
        case .forms:
            return parseForm(q, text, source: source)
        }
    }

    func textProblem(_ rule: String?, _ text: String) -> String? {
        switch rule {
        case "stream-name": return AnswerFormats.nameProblem(text, what: "stream")
        case "consumer-name": return AnswerFormats.nameProblem(text, what: "consumer")
        case "bucket-name": return AnswerFormats.bucketProblem(text)
        case "subject": return AnswerFormats.subjectProblem(text, wildcards: false)
        case "subject-pattern": return AnswerFormats.subjectProblem(text, wildcards: true)
        case "deliver-subject":
            // Empty is a pull consumer. A word such as "push" is far more likely a misunderstanding
            // than a subject to deliver to (natscli #78 made `pull` a push consumer to "pull").
            if text.isEmpty { return nil }
            if ["push", "yes", "y"].contains(text.lowercased()) {
                return "type the subject a push consumer delivers to (e.g. deliver.orders), or Enter for a pull consumer"
            }
            return AnswerFormats.subjectProblem(text, wildcards: false)
        default: return nil
        }
    }

    func parseForm(_ q: Question, _ text: String, source: Source) -> Result<Answer, AnswerError> {
        let lower = text.lowercased()
        for f in q.forms ?? [] {
            var fields: [String: JSONValue]?
            var canonical = text
            if let words = f.words, words.contains(where: { $0.lowercased() == lower }) {
                fields = f.set
                canonical = words[0]
            } else if f.match == "integer", let n = UInt64(text), n > 0 {
                fields = f.set.mapValues { $0 == "$int" ? .int(Int(n)) : $0 }
            } else if f.match == "duration", !text.allSatisfy(\.isNumber), case .success(let ns) = AnswerFormats.parseDuration(text), ns > 0 {
                let when = context.now.addingTimeInterval(-Double(ns) / 1e9)
                fields = f.set.mapValues { $0 == "$timeAgo" ? .string(Self.rfc3339(when)) : $0 }
            } else if f.match == "time", let date = Self.parseTime(text) {
                fields = f.set.mapValues { $0 == "$time" ? .string(Self.rfc3339(date)) : $0 }
            }
            if let fields { return .success(Answer(value: .object(fields), text: canonical, shown: canonical, source: source)) }
        }
        let words = (q.forms ?? []).compactMap { $0.words?.first }
        return .failure(AnswerError("\"\(text)\" is not understood: use \(words.joined(separator: ", ")), a sequence number (42), a duration ago (1h) or a time (2024-04-25T17:24:49Z)"))
    }

    /// Writes an answer's fields into `cfg`.
    func apply(_ q: Question, _ a: Answer, to cfg: inout JSONValue) {
        if a.source == .config { return }  // the base holds it already, exactly as imported
        if let field = q.field, !field.hasPrefix("$") {
            switch q.kind {
            case .confirm:
                let yes = a.value.boolValue ?? false
                cfg.set(field, .bool(q.invert ? !yes : yes))
            case .subjects:
                let list = a.value.arrayValue ?? []
                if let single = q.singleField {
                    cfg.set(single, list.count == 1 ? list[0] : .null)
                    cfg.set(field, list.count > 1 ? .array(list) : .null)
                } else {
                    cfg.set(field, list.isEmpty ? .null : .array(list))
                }
            case .forms:
                break
            case .text:
                cfg.set(field, a.text.isEmpty ? .null : a.value)
            default:
                cfg.set(field, a.value)
            }
        }
        if q.kind == .forms, let fields = a.value.objectValue {
            for (path, v) in fields.sorted(by: { $0.key < $1.key }) { cfg.set(path, v) }
        }
        for s in q.sets ?? [] {
            cfg.set(s.field, evaluate(s.template, answer: a))
        }
    }

    /// A setter template: strings with `{value}`, arrays and objects of them, or a function object
    /// (`{"$linearBackoff": ["min question", "max question", "steps question"]}`).
    func evaluate(_ template: JSONValue, answer: Answer) -> JSONValue {
        switch template {
        case .string(let s):
            if s == "$value" { return answer.value }
            return .string(s.replacingOccurrences(of: "{value}", with: answer.text))
        case .array(let items):
            return .array(items.map { evaluate($0, answer: answer) })
        case .object(let o):
            if let args = o["$linearBackoff"]?.arrayValue?.compactMap(\.stringValue), args.count == 3 {
                let values = args.map { answers[$0]?.value.intValue }
                guard let lo = values[0], let hi = values[1], let steps = values[2], steps > 0 else { return .null }
                if steps == 1 { return .array([.int(lo)]) }
                return .array((0..<steps).map { i in .int(lo + (hi - lo) * i / (steps - 1)) })
            }
            if let pair = o["$ifTrue"]?.arrayValue, pair.count == 2 {
                return answer.value.boolValue == true ? pair[0] : pair[1]
            }
            if let items = o["$minPositive"]?.arrayValue {
                let values = items.map { evaluate($0, answer: answer).intValue ?? 0 }.filter { $0 > 0 }
                return values.min().map { .int($0) } ?? .null
            }
            return .object(o.mapValues { evaluate($0, answer: answer) })
        default:
            return template
        }
    }

    /// The answer text that reproduces what `base` holds for `q`, or nil when it holds nothing for it.
    func answerText(fromBase q: Question) -> String? {
        if q.kind == .forms {
            for f in q.forms ?? [] {
                let constant = f.set.filter { $0.value.stringValue?.hasPrefix("$") != true }
                guard constant.allSatisfy({ Self.same(base[path: $0.key], $0.value) }) else { continue }
                if let w = f.words?.first { return w }
                if f.match == "integer", let k = f.set.first(where: { $0.value == "$int" })?.key, let n = base[path: k]?.intValue { return String(n) }
                if f.match == "time", let k = f.set.first(where: { $0.value == "$time" })?.key, let t = base[path: k]?.stringValue { return t }
            }
            return nil
        }
        guard let field = q.field, !field.hasPrefix("$") else { return nil }
        let v = base[path: field]
        switch q.kind {
        case .text:
            return v?.stringValue ?? (v == nil && q.validate == "deliver-subject" ? "" : nil)
        case .number, .size, .duration:
            guard let v else { return nil }
            if let u = q.unlimited, Self.same(v, u) || (q.zeroIsUnlimited && (v.intValue ?? 1) <= 0) { return "-1" }
            guard let n = v.intValue else { return nil }
            switch q.kind {
            case .size: return AnswerFormats.sizeText(n)
            case .duration: return AnswerFormats.durationText(n)
            default: return String(n)
            }
        case .select:
            return v?.stringValue
        case .confirm:
            let stored = v?.boolValue ?? false
            return (q.invert ? !stored : stored) ? "yes" : "no"
        case .subjects:
            if let list = v?.arrayValue?.compactMap(\.stringValue), !list.isEmpty { return list.joined(separator: ",") }
            if let single = q.singleField, let s = base[path: single]?.stringValue, !s.isEmpty { return s }
            return v == nil && q.singleField == nil ? nil : ""
        case .forms:
            return nil
        }
    }

    static func rfc3339(_ date: Date) -> String {
        let f = ISO8601DateFormatter()
        f.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        f.timeZone = TimeZone(identifier: "UTC")
        return f.string(from: date)
    }

    /// RFC 3339 with or without fractions, or `2006-01-02 15:04:05` (UTC).
    static func parseTime(_ text: String) -> Date? {
        let f = ISO8601DateFormatter()
        if let d = f.date(from: text) { return d }
        f.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        if let d = f.date(from: text) { return d }
        let g = DateFormatter()
        g.locale = Locale(identifier: "en_US_POSIX")
        g.timeZone = TimeZone(identifier: "UTC")
        g.dateFormat = "yyyy-MM-dd HH:mm:ss"
        return g.date(from: text)
    }
}
