import ChatProtocol
import NIOCore

/// One event-loop tick's output. Broadcasts are encoded once into one
/// buffer; a member's share is the part from its offset on, handed over at
/// the end of the tick as a slice (no copy), or copied mid-tick before a line
/// of its own so that its lines stay in order. A broadcast thus costs one
/// append whatever the audience, and a burst of them (a mass quit
/// announcing LEAVEs) costs memory once, not per member.
struct BroadcastTick {
    private var broadcasts = ByteBuffer()
    /// Members written to this tick, flushed once each at its end.
    private(set) var awaitingFlush: [ConnectionID] = []
    /// The last tick's list, emptied, so that steady ticks allocate none.
    private var spare: [ConnectionID] = []
    /// Members over their send queue, cut once the tick's writes are done.
    private var cuts: [ConnectionID] = []
    var flushScheduled = false

    var writtenBytes: Int { broadcasts.writerIndex }

    mutating func append(_ line: ServerLine) {
        broadcasts.writeServerLine(line)
    }

    mutating func bookFlush(_ id: ConnectionID) {
        awaitingFlush.append(id)
    }

    mutating func bookCut(_ id: ConnectionID) {
        cuts.append(id)
    }

    mutating func takeCuts() -> [ConnectionID] {
        guard !cuts.isEmpty else { return [] }
        defer { cuts = [] }
        return cuts
    }

    /// A copy of the broadcasts from `offset` on, or nil when there are none.
    /// A copy, not a slice: a slice would share the tick's buffer and make
    /// its next append copy all of it.
    func copy(from offset: Int) -> ByteBuffer? {
        let pending = broadcasts.writerIndex - offset
        guard pending > 0 else { return nil }
        var copy = ByteBufferAllocator().buffer(capacity: pending)
        copy.writeBytes(broadcasts.readableBytesView[offset...])
        return copy
    }

    /// Ends the tick's broadcasts: the buffer to slice shares from, if any.
    mutating func takeBroadcasts() -> ByteBuffer? {
        guard broadcasts.readableBytes > 0 else { return nil }
        defer { broadcasts = ByteBuffer() }
        return broadcasts
    }

    mutating func takeAwaitingFlush() -> [ConnectionID] {
        let batch = awaitingFlush
        awaitingFlush = spare
        spare = []
        return batch
    }

    /// Gives back a list from `takeAwaitingFlush` for the next tick to reuse.
    mutating func recycle(_ batch: inout [ConnectionID]) {
        batch.removeAll(keepingCapacity: true)
        swap(&spare, &batch)
    }
}
