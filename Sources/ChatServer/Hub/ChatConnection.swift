import NIOCore

/// How the hub reaches one member's transport, whatever carries it: the
/// chat rules never learn whether it is plain TCP or something else.
/// Every call comes on the hub's event loop.
protocol ChatConnection: AnyObject {
    /// Adds bytes to what goes out at the next `flush`; returns an upper
    /// bound of what the transport now holds for the peer (what it held at the
    /// last flush, plus what was enqueued since), cheap enough to check on
    /// every write; `queuedBytes` is the exact figure.
    func enqueue(_ bytes: ByteBuffer) -> Int
    /// Hands what was enqueued to the transport and returns how much it still
    /// holds unsent, which the hub weighs against the member's send queue.
    func flush() -> Int
    /// Stops reading, writes what is enqueued, then closes; a peer that has
    /// not taken it all by `deadline` is cut off, so no close holds a slot.
    func close(deadline: TimeAmount)
    /// Closes at once, dropping whatever is still queued.
    func abort()
    /// Output the transport holds that the peer has not taken yet.
    var queuedBytes: Int { get }
    /// The socket, when it alone carries the connection and can outlive
    /// chatd in systemd's keeping; nil when chatd holds state for it that a
    /// socket cannot carry (a TLS session).
    var keepableDescriptor: CInt? { get }
    /// Stops handling input for good (what the peer sends next waits in the
    /// kernel for the next chatd); output already enqueued still goes out.
    func suspendForHandOver()
    /// Returns the input read but not handled and closes chatd's own copy
    /// of the connection, which lives on for the next chatd.
    func handOver() -> HandOver.Input
}
