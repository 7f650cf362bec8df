/// What the previous chatd left in systemd's keeping for this one.
public struct Inheritance: Sendable {
    /// The name the hand-over is kept under.
    public static let handOverName = "chat-handover"
    /// The name the state file is kept under.
    public static let stateFileName = "chat-state"
    /// At most this much of a hand-over is read: a foreign file cannot take chatd's memory.
    public static let handOverSizeLimit = 256 << 20

    /// Every descriptor passed that is not a listener: kept connections,
    /// and whatever else (a foreign or corrupt name) is closed with a word.
    public var connections: [KeptDescriptor]
    /// The state file, which says what each kept connection is.
    public var stateFile: CInt?
    /// The hand-over a graceful restart leaves; nil after a crash.
    public var handOver: [UInt8]?

    public init(connections: [KeptDescriptor] = [], stateFile: CInt? = nil, handOver: [UInt8]? = nil) {
        self.connections = connections
        self.stateFile = stateFile
        self.handOver = handOver
    }
}
