import NATSProtocol

/// What a command shows. Commands build values; the ``Renderer`` turns them into text for a terminal,
/// plain text for a pipe, or JSON lines with `--json`, so every command gets all three for free.
public enum OutputItem: Sendable {
    /// A status line, as natscli logs it (`Published 34 bytes to "keji"`); `fields` is its JSON form.
    case event(String, fields: JSONValue)
    /// A message received by sub, request or reply.
    case message(MessageView)
    /// Labelled values in sections (server status, context info).
    case report(Report)
    case table(Table)
    /// Free text shown as is, and omitted with `--json` (help, hints).
    case text(String)
    /// A warning for people (stderr on a terminal, a `warning` object in JSON).
    case warning(String)
}

/// A received message and how to show it.
public struct MessageView: Sendable {
    /// `[#3] Received on "keji"` style header; nil for request replies (their event line comes first).
    public var title: String?
    public var subject: String
    public var reply: String?
    public var headers: NATSHeaders?
    public var payload: [UInt8]
    /// `--raw`: only the body.
    public var raw: Bool
    /// The 1-based count for JSON output.
    public var number: Int?

    public init(title: String?, subject: String, reply: String?, headers: NATSHeaders?, payload: [UInt8],
                raw: Bool = false, number: Int? = nil) {
        self.title = title
        self.subject = subject
        self.reply = reply
        self.headers = headers
        self.payload = payload
        self.raw = raw
        self.number = number
    }
}

/// A report: a title, then sections of right-aligned labels and values (natscli's layout).
public struct Report: Sendable {
    public struct Section: Sendable {
        public var title: String?
        public var rows: [(String, String)]
        public init(title: String?, rows: [(String, String)]) {
            self.title = title
            self.rows = rows
        }
    }

    public var title: String?
    public var sections: [Section]
    /// The JSON form (machine-friendly keys and raw numbers).
    public var json: JSONValue

    public init(title: String?, sections: [Section], json: JSONValue) {
        self.title = title
        self.sections = sections
        self.json = json
    }
}

/// A table with a title and a header row; cells are aligned by display width (CJK-safe).
public struct Table: Sendable {
    public var title: String?
    public var columns: [String]
    public var rows: [[String]]
    /// Columns to right-align (numbers).
    public var rightAligned: Set<Int>
    public var json: JSONValue

    public init(title: String?, columns: [String], rows: [[String]], rightAligned: Set<Int> = [], json: JSONValue) {
        self.title = title
        self.columns = columns
        self.rows = rows
        self.rightAligned = rightAligned
        self.json = json
    }
}
