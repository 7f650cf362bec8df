/// Where chatd keeps its connections open while it restarts or after it
/// crashed: in chatd, systemd's file descriptor store. Calls come from the
/// event loop and must not block it.
public protocol ConnectionKeeper: Sendable {
    /// How many descriptors it holds at most.
    var capacity: Int { get }
    /// Keeps a duplicate of `descriptor` under `name`; false when the keeper
    /// is too far behind to take more. A descriptor kept already is not kept
    /// again under a second name: `forget` the first.
    func keep(_ descriptor: CInt, as name: String) -> Bool
    func forget(_ name: String)
    /// A new memory file of `size` zero bytes, kept under `name`; the caller
    /// owns the descriptor returned and writes the file in place.
    func keepNewFile(named name: String, size: Int) throws -> CInt
    /// Keeps `contents` under `name` and returns once it and everything asked
    /// for before it has reached the keeper: the last thing chatd does.
    func keepFinally(_ contents: [UInt8], as name: String) async throws
}

/// A descriptor chatd found kept, with the name it was kept under.
public struct KeptDescriptor: Sendable, Equatable {
    public let descriptor: CInt
    public let name: String

    public init(descriptor: CInt, name: String) {
        self.descriptor = descriptor
        self.name = name
    }
}
