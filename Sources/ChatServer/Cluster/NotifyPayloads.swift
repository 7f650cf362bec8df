/// Events packed into the bodies of `NOTIFY` payloads, one event per line,
/// each body under `limit` (the link adds a first line naming the sender,
/// and the whole stays under PostgreSQL's limit
/// (8,000 bytes by default). An event too long for one payload (a line can
/// be up to `max-line-bytes`, 1 MiB at most) is cut between Unicode scalars
/// into `+` pieces closed by a `=` piece; PostgreSQL delivers one session's
/// notifications in the order sent, so the receiver joins them again.
enum NotifyPayloads {
    /// Under PostgreSQL's 8,000 bytes with room to spare.
    static let limit = 7_900

    static func pack(_ events: [ClusterEvent], limit: Int) -> [String] {
        var bodies: [String] = []
        var current = ""
        for event in events {
            let line = event.encoded
            let bytes = line.utf8.count
            if bytes < limit {
                if !current.isEmpty, current.utf8.count + 1 + bytes > limit {
                    bodies.append(current)
                    current = ""
                }
                current += current.isEmpty ? line : "\n" + line
                continue
            }
            if !current.isEmpty {
                bodies.append(current)
                current = ""
            }
            var remaining = Substring(line)
            while !remaining.isEmpty {
                let piece = prefix(of: remaining, bytes: limit - 1)
                remaining = remaining[piece.endIndex...]
                bodies.append((remaining.isEmpty ? "=" : "+") + piece)
            }
        }
        if !current.isEmpty { bodies.append(current) }
        return bodies
    }

    /// The longest prefix of whole Unicode scalars within `bytes` UTF-8 bytes.
    private static func prefix(of text: Substring, bytes: Int) -> Substring {
        var used = 0
        var end = text.unicodeScalars.startIndex
        for scalar in text.unicodeScalars {
            let size = scalar.utf8.count
            guard used + size <= bytes else { break }
            used += size
            end = text.unicodeScalars.index(after: end)
        }
        return text[..<end]
    }
}

/// Reads payloads back into events, joining the pieces of long ones per sender.
struct NotifyPayloadReader {
    /// A sender's unfinished long event is dropped beyond this (twice the longest line chatd accepts).
    static let maximumPieceBytes = 2 << 20
    private var pieces: [String: String] = [:]
    /// Senders whose long event grew past the bound: skipped up to its `=` piece.
    private var discarding: Set<String> = []

    /// nil for a payload without a sender.
    mutating func read(_ payload: String) -> (node: String, events: [ClusterEvent])? {
        // Among scalars: "\r\n" is one Character, and would hide a line end.
        let lines = payload.unicodeScalars.split(separator: "\n", omittingEmptySubsequences: true).map(Substring.init)
        guard let first = lines.first, let sender = first.unicodeScalars.split(separator: " ").first else { return nil }
        let node = String(Substring(sender))
        var events: [ClusterEvent] = []
        for line in lines.dropFirst() {
            // Scalars, not Characters: a piece may begin with a combining mark.
            let content = Substring(line.unicodeScalars.dropFirst())
            switch line.unicodeScalars.first {
            case "+":
                guard !discarding.contains(node) else { continue }
                let joined = pieces[node, default: ""] + content
                if joined.utf8.count > Self.maximumPieceBytes {
                    pieces[node] = nil
                    discarding.insert(node)
                } else {
                    pieces[node] = joined
                }
            case "=":
                guard discarding.remove(node) == nil else { continue }
                let whole = (pieces.removeValue(forKey: node) ?? "") + content
                if let event = ClusterEvent(decoding: whole[...]) { events.append(event) }
            default:
                if let event = ClusterEvent(decoding: line) { events.append(event) }
            }
        }
        return (node, events)
    }
}
