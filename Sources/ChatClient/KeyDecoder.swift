/// Decodes raw terminal input into keys. Keeps partial escape sequences and
/// partial UTF-8 characters between reads, because a read may end anywhere.
public struct KeyDecoder: Sendable {
    private var pending: [UInt8] = []

    public init() {}

    public mutating func push<Bytes: Sequence<UInt8>>(_ bytes: Bytes) -> [Key] {
        pending.append(contentsOf: bytes)
        var keys: [Key] = []
        var text: [UInt8] = []
        var index = 0
        func flushText() {
            if !text.isEmpty {
                keys.append(.text(String(decoding: text, as: UTF8.self)))
                text.removeAll()
            }
        }
        while index < pending.count {
            let byte = pending[index]
            if byte == 0x1B {
                guard let (key, length) = Self.escapeSequence(pending[index...]) else { break }
                flushText()
                if let key { keys.append(key) }
                index += length
            } else if byte < 0x20 || byte == 0x7F {
                flushText()
                keys.append(Self.controlKey(byte))
                index += 1
            } else {
                var end = index + 1
                let limit = index + Self.utf8Length(leadingByte: byte)
                while end < limit, end < pending.count, pending[end] & 0xC0 == 0x80 {
                    end += 1
                }
                if end < limit, end == pending.count { break }
                text.append(contentsOf: pending[index..<end])
                index = end
            }
        }
        flushText()
        pending.removeFirst(index)
        return keys
    }

    private static func controlKey(_ byte: UInt8) -> Key {
        switch byte {
        case 0x09: .tab
        case 0x0A, 0x0D: .enter
        case 0x08, 0x7F: .backspace
        default: .control(Character(Unicode.Scalar(byte + 0x60)))
        }
    }

    /// The key an escape sequence stands for (nil for ones the editor
    /// ignores) and its length, or nil when more bytes are needed.
    private static func escapeSequence(_ bytes: ArraySlice<UInt8>) -> (Key?, Int)? {
        let start = bytes.startIndex
        guard bytes.count >= 2 else { return nil }
        let second = bytes[start + 1]
        switch second {
        case UInt8(ascii: "["):
            var end = start + 2
            while end < bytes.endIndex, (0x20...0x3F).contains(bytes[end]) {
                end += 1
            }
            // No key's sequence is this long: drop it rather than wait (and grow) forever.
            if end - start > Self.longestSequence { return (nil, end - start) }
            guard end < bytes.endIndex else { return nil }
            let parameters = String(decoding: bytes[(start + 2)..<end], as: UTF8.self)
            return (csiKey(parameters: parameters, final: bytes[end]), end - start + 1)
        case UInt8(ascii: "O"):
            guard bytes.count >= 3 else { return nil }
            return (csiKey(parameters: "", final: bytes[start + 2]), 3)
        case UInt8(ascii: "b"):
            return (.wordLeft, 2)
        case UInt8(ascii: "f"):
            return (.wordRight, 2)
        case 0x7F:
            return (.control("w"), 2)
        default:
            // A lone ESC (the Escape key) followed by an ordinary key: only the
            // ESC is dropped, the key after it counts.
            return (nil, 1)
        }
    }

    static let longestSequence = 32

    private static func csiKey(parameters: String, final: UInt8) -> Key? {
        let modified = parameters.contains(";")
        switch final {
        case UInt8(ascii: "A"): return .up
        case UInt8(ascii: "B"): return .down
        case UInt8(ascii: "C"): return modified ? .wordRight : .right
        case UInt8(ascii: "D"): return modified ? .wordLeft : .left
        case UInt8(ascii: "H"): return .home
        case UInt8(ascii: "F"): return .end
        case UInt8(ascii: "R"):
            let numbers = parameters.split(separator: ";").compactMap { Int($0) }
            guard numbers.count == 2 else { return nil }
            return .cursorPosition(row: numbers[0], column: numbers[1])
        case UInt8(ascii: "~"):
            switch parameters.split(separator: ";").first {
            case "1", "7": return .home
            case "4", "8": return .end
            case "3": return .delete
            default: return nil
            }
        default: return nil
        }
    }

    private static func utf8Length(leadingByte byte: UInt8) -> Int {
        switch byte {
        case 0xC0...0xDF: 2
        case 0xE0...0xEF: 3
        case 0xF0...0xF7: 4
        default: 1
        }
    }
}
