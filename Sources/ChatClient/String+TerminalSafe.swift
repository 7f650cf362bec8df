extension String {
    /// The text with control characters made visible (`^[` for ESC), so a
    /// peer cannot move the cursor, recolour the screen or retitle the
    /// window by sending escape sequences; C1 controls, bidirectional
    /// controls (which reorder the rest of the terminal line) and the line
    /// and paragraph separators become U+FFFD. Applied to everything a
    /// server sends, since the client trusts no server.
    public var terminalSafe: String {
        guard unicodeScalars.contains(where: \.isTerminalUnsafe) else { return self }
        var out = String.UnicodeScalarView()
        for scalar in unicodeScalars {
            if scalar.value < 0x20 {
                out.append("^")
                out.append(Unicode.Scalar(UInt8(scalar.value) + 0x40))
            } else if scalar.isTerminalUnsafe {
                out.append("\u{FFFD}")
            } else {
                out.append(scalar)
            }
        }
        return String(out)
    }
}

extension Unicode.Scalar {
    /// What a terminal acts on instead of showing: C0, DEL and C1 controls,
    /// bidirectional marks, embeddings, overrides and isolates, and U+2028/U+2029.
    var isTerminalUnsafe: Bool {
        switch value {
        case 0x00..<0x20, 0x7F...0x9F: true
        case 0x061C, 0x200E, 0x200F, 0x202A...0x202E, 0x2066...0x2069: true
        case 0x2028, 0x2029: true
        default: false
        }
    }
}
