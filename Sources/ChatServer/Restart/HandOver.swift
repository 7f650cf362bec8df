/// What a graceful restart carries from one chatd to the next beside the
/// sockets themselves: the input each connection had read but not yet
/// handled (a half-read line, lines held back by flood control). Output
/// needs no carrying: chatd writes it out before it stops (see
/// `ChatHub.beginHandOver`). Kept as a memory file named `chat-handover`;
/// versioned, described in docs/restart.md:
///
///     chatd-handover 1\n
///     <id> <discarding 0|1> <byte count>\n<bytes>    one per connection
struct HandOver: Equatable {
    static let name = Inheritance.handOverName
    static let version = 1

    typealias Input = LineFramer.Unhandled

    var inputs: [ConnectionID: Input] = [:]

    init(inputs: [ConnectionID: Input] = [:]) {
        self.inputs = inputs
    }

    var encoded: [UInt8] {
        var out = Array("chatd-handover \(Self.version)\n".utf8)
        for (id, input) in inputs.sorted(by: { $0.key.number < $1.key.number }) {
            out += Array("\(id.number) \(input.discarding ? 1 : 0) \(input.bytes.count)\n".utf8)
            out += input.bytes
        }
        return out
    }

    init(decoding bytes: [UInt8]) throws(HandOverError) {
        var rest = bytes[...]
        func headerLine() throws(HandOverError) -> [Substring]? {
            guard !rest.isEmpty else { return nil }
            guard let end = rest.firstIndex(of: UInt8(ascii: "\n")), end - rest.startIndex <= 64 else { throw .malformed }
            let line = String(decoding: rest[rest.startIndex..<end], as: UTF8.self)
            rest = rest[(end + 1)...]
            return line.split(separator: " ", omittingEmptySubsequences: false)
        }
        guard let header = try headerLine(), header.count == 2, header[0] == "chatd-handover", let version = Int(header[1])
        else { throw .malformed }
        guard version == Self.version else { throw .unknownVersion(version) }
        while let fields = try headerLine() {
            guard fields.count == 3, let id = UInt64(fields[0]), let flag = Int(fields[1]), flag == 0 || flag == 1,
                  let count = Int(fields[2]), count >= 0, count <= rest.count
            else { throw .malformed }
            inputs[ConnectionID(number: id)] = Input(bytes: Array(rest.prefix(count)), discarding: flag == 1)
            rest = rest.dropFirst(count)
        }
    }
}

enum HandOverError: Error, Equatable, CustomStringConvertible {
    case unknownVersion(Int)
    case malformed

    var description: String {
        switch self {
        case .unknownVersion(let version): "format version \(version), which this chatd does not know"
        case .malformed: "not a valid hand-over"
        }
    }
}
