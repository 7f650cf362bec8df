/// Makes a client's line safe to show on other people's terminals.
///
/// chatd strips (rather than rejects) what could take over a terminal or
/// disguise text: C0 controls except TAB, DEL, C1 controls (so ESC sequences
/// lose their ESC and become inert text), and the Unicode bidirectional
/// overrides and isolates U+202A–U+202E and U+2066–U+2069.
public enum TextSanitizer {
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
        for scalar in decoded.unicodeScalars where isAllowed(scalar) {
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
        default: return true
        }
    }
}
