import Glibc

/// libedit and wcwidth only understand UTF-8 under a UTF-8 LC_CTYPE: without one, Chinese input comes
/// back as an empty line. Take the user's locale and fall back to C.UTF-8 when it is not UTF-8.
public enum ConsoleLocale {
    public static func setUp() {
        _ = setlocale(LC_CTYPE, "")
        if !isUTF8 {
            if setlocale(LC_CTYPE, "C.UTF-8") == nil { _ = setlocale(LC_CTYPE, "C.utf8") }
        }
    }

    static var isUTF8: Bool {
        guard let cs = nl_langinfo(nl_item(CODESET)) else { return false }
        let name = String(cString: cs).uppercased()
        return name == "UTF-8" || name == "UTF8"
    }
}
