/// Makes a client's line safe to show on other people's terminals.
///
/// chatd strips (rather than rejects) what could take over a terminal or
/// disguise text: C0 controls except TAB, DEL, C1 controls (so ESC sequences
/// lose their ESC and become inert text), the Unicode bidirectional
/// overrides and isolates U+202A–U+202E and U+2066–U+2069, the line and
/// paragraph separators U+2028 and U+2029 (terminals and browsers break
/// lines at them), and the invisible U+200B, U+2060–U+2064 and U+FEFF (they
/// make two different-looking aliases or mentions look alike). Runs of
/// combining marks are cut to Unicode's stream-safe limit (UAX #15), so that
/// "Zalgo" text cannot paint over the lines around it. ZWJ and ZWNJ stay:
/// emoji sequences and several scripts need them.
public enum TextSanitizer {
    /// The most non-starters (combining marks) kept in a row, per UAX #15.
    public static let maximumNonStarterRun = 30

    public enum Outcome: Equatable, Sendable {
        case text(String)
        case invalidUTF8
    }

    public static func sanitize(_ bytes: UnsafeRawBufferPointer) -> Outcome {
        var plain = true
        for byte in bytes where !((byte >= 0x20 && byte < 0x7F) || byte == 0x09) {
            plain = false
            break
        }
        if plain { return .text(String(decoding: bytes, as: UTF8.self)) }
        guard let decoded = String(validating: bytes, as: UTF8.self) else { return .invalidUTF8 }
        var kept = String.UnicodeScalarView()
        var nonStarters = 0
        for scalar in decoded.unicodeScalars where isAllowed(scalar) {
            if scalar.properties.canonicalCombiningClass != .notReordered {
                nonStarters += 1
                if nonStarters > maximumNonStarterRun { continue }
            } else {
                nonStarters = 0
            }
            kept.append(scalar)
        }
        return .text(String(kept))
    }

    public static func sanitize(_ bytes: [UInt8]) -> Outcome {
        bytes.withUnsafeBytes { sanitize($0) }
    }

    static func isAllowed(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x09: return true
        case 0x00...0x1F, 0x7F...0x9F: return false
        case 0x202A...0x202E, 0x2066...0x2069: return false
        case 0x2028, 0x2029: return false
        case 0x200B, 0x2060...0x2064, 0xFEFF: return false
        default: return true
        }
    }
}
