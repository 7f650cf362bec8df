/// The `FDNAME` a kept connection is stored under: `k<slot>.<tag>`, both in
/// base 36, where `slot` is its record in the state file and `tag` the last
/// two base-36 digits of its connection number, so that a name left over
/// from a slot's previous holder is caught. Short by necessity: systemd
/// passes every name in one `LISTEN_FDNAMES` variable, and Linux refuses an
/// environment string over 128 KiB (10,000 names of at most 7 characters
/// take 80 KiB). What the connection is lives in its `ConnectionRecord`.
struct KeptConnectionName: Equatable, Sendable {
    static let prefix = "k"
    static let tagModulus: UInt64 = 36 * 36

    let slot: Int
    let tag: UInt64

    init(slot: Int, id: ConnectionID) {
        self.slot = slot
        self.tag = id.number % Self.tagModulus
    }

    var name: String {
        Self.prefix + String(slot, radix: 36) + "." + String(tag, radix: 36)
    }

    func matches(_ id: ConnectionID) -> Bool {
        id.number % Self.tagModulus == tag
    }

    init(parsing name: String) throws(KeptConnectionNameError) {
        guard name.hasPrefix(Self.prefix) else { throw .foreign }
        let fields = name.dropFirst(Self.prefix.count).split(separator: ".", omittingEmptySubsequences: false)
        guard fields.count == 2, fields.allSatisfy({ !$0.isEmpty && $0.count <= 6 && $0.allSatisfy(\.isLowercaseBase36) }),
              let slot = Int(fields[0], radix: 36), let tag = UInt64(fields[1], radix: 36), tag < Self.tagModulus
        else { throw .foreign }
        self.slot = slot
        self.tag = tag
    }
}

enum KeptConnectionNameError: Error, Equatable, CustomStringConvertible {
    /// Not a name chatd gives a connection.
    case foreign

    var description: String { "not a name chatd gives a connection" }
}

extension Character {
    fileprivate var isLowercaseBase36: Bool {
        ("0"..."9").contains(self) || ("a"..."z").contains(self)
    }
}
