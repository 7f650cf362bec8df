/// What a kept connection is, in its slot of the state file: 80 bytes,
/// little-endian, described with every version in docs/restart.md.
///
///     0   version (1; 0 marks a free slot)
///     1   phase (1 choosing an alias, 2 logged in)
///     2   alias length
///     3   reserved, 0
///     4   FNV-1a 32 of every other byte of the record
///     8   connection number
///     16  connected at, seconds since the Unix epoch
///     24  join sequence
///     32  alias, ASCII, zero-padded to 32 bytes
///     64  reserved, 0
struct ConnectionRecord: Equatable {
    struct Login: Equatable {
        let joinSequence: UInt64
        let alias: String
    }

    static let size = 80
    static let version: UInt8 = 1
    private static let aliasCapacity = 32

    let id: ConnectionID
    let connectedAt: Int
    let login: Login?

    init(id: ConnectionID, connectedAt: Int, login: Login?) {
        self.id = id
        self.connectedAt = connectedAt
        self.login = login
    }

    var encoded: [UInt8] {
        var bytes = [UInt8](repeating: 0, count: Self.size)
        let alias = Array((login?.alias ?? "").utf8.prefix(Self.aliasCapacity))
        bytes[0] = Self.version
        bytes[1] = login == nil ? 1 : 2
        bytes[2] = UInt8(alias.count)
        Self.put(id.number, into: &bytes, at: 8)
        Self.put(UInt64(bitPattern: Int64(connectedAt)), into: &bytes, at: 16)
        Self.put(login?.joinSequence ?? 0, into: &bytes, at: 24)
        bytes.replaceSubrange(32..<(32 + alias.count), with: alias)
        Self.put32(Self.checksum(bytes), into: &bytes, at: 4)
        return bytes
    }

    /// nil for a free slot.
    static func decode(_ bytes: [UInt8]) throws(ConnectionRecordError) -> ConnectionRecord? {
        guard bytes.count == size else { throw .corrupt }
        if bytes[0] == 0 { return nil }
        guard bytes[0] == version else { throw .unknownVersion(Int(bytes[0])) }
        guard UInt32(get(bytes, at: 4, width: 4)) == checksum(bytes) else { throw .corrupt }
        let id = ConnectionID(number: get(bytes, at: 8, width: 8))
        let connectedAt = Int(Int64(bitPattern: get(bytes, at: 16, width: 8)))
        switch bytes[1] {
        case 1:
            return ConnectionRecord(id: id, connectedAt: connectedAt, login: nil)
        case 2:
            let length = Int(bytes[2])
            guard length > 0, length <= aliasCapacity,
                  let alias = String(validating: bytes[32..<(32 + length)], as: UTF8.self)
            else { throw .corrupt }
            let login = Login(joinSequence: get(bytes, at: 24, width: 8), alias: alias)
            return ConnectionRecord(id: id, connectedAt: connectedAt, login: login)
        default:
            throw .corrupt
        }
    }

    /// Over every byte but the checksum's own four.
    private static func checksum(_ bytes: [UInt8]) -> UInt32 {
        var hash: UInt32 = 0x811c_9dc5
        for (index, byte) in bytes.enumerated() where !(4..<8).contains(index) {
            hash = (hash ^ UInt32(byte)) &* 0x0100_0193
        }
        return hash
    }

    private static func put(_ value: UInt64, into bytes: inout [UInt8], at offset: Int) {
        for index in 0..<8 { bytes[offset + index] = UInt8(truncatingIfNeeded: value >> (8 * index)) }
    }

    private static func put32(_ value: UInt32, into bytes: inout [UInt8], at offset: Int) {
        for index in 0..<4 { bytes[offset + index] = UInt8(truncatingIfNeeded: value >> (8 * index)) }
    }

    private static func get(_ bytes: [UInt8], at offset: Int, width: Int) -> UInt64 {
        (0..<width).reduce(0) { value, index in value | UInt64(bytes[offset + index]) << (8 * index) }
    }
}

enum ConnectionRecordError: Error, Equatable, CustomStringConvertible {
    case unknownVersion(Int)
    case corrupt

    var description: String {
        switch self {
        case .unknownVersion(let version): "its record has format version \(version), which this chatd does not know"
        case .corrupt: "its record is corrupt"
        }
    }
}
