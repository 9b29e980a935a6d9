/// Lays words out in columns across the terminal width, like a shell listing completions.
enum Columns {
    static func layout(_ words: [String], width: Int) -> String {
        guard !words.isEmpty else { return "" }
        let cell = (words.map(TextWidth.columns).max() ?? 1) + 2
        let perRow = max(1, width / cell)
        var out = ""
        for (k, w) in words.enumerated() {
            let last = (k + 1) % perRow == 0 || k == words.count - 1
            out += last ? w + "\n" : TextWidth.pad(w, to: cell)
        }
        return out
    }
}
