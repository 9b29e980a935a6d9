import CEditLineShim

/// Display width of text in terminal columns: CJK and other wide characters take two columns,
/// combining marks none (libc wcwidth, which needs a UTF-8 LC_CTYPE: see ``Locale.setUp``).
public enum TextWidth {
    /// Columns taken by `text` once ANSI sequences are removed.
    public static func columns(_ text: String) -> Int {
        var total = 0
        for scalar in ANSI.strip(text).unicodeScalars {
            let w = cel_wcwidth(Int32(bitPattern: scalar.value))
            if w > 0 {
                total += Int(w)
            } else if w < 0 && scalar.value >= 0x20 {
                // Unknown to the locale (e.g. the C locale): guess from the Unicode block.
                total += isWide(scalar) ? 2 : 1
            }
        }
        return total
    }

    /// `text` padded with spaces to `width` columns (left-aligned), or right-aligned when `right`.
    public static func pad(_ text: String, to width: Int, right: Bool = false) -> String {
        let n = columns(text)
        guard n < width else { return text }
        let fill = String(repeating: " ", count: width - n)
        return right ? fill + text : text + fill
    }

    static func isWide(_ s: Unicode.Scalar) -> Bool {
        switch s.value {
        case 0x1100...0x115F, 0x2E80...0xA4CF, 0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE30...0xFE4F,
             0xFF00...0xFF60, 0xFFE0...0xFFE6, 0x1F300...0x1F64F, 0x1F900...0x1F9FF, 0x20000...0x3FFFD:
            return true
        default:
            return false
        }
    }
}
