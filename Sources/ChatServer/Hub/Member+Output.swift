import NIOCore

/// A member's side of the hub's output path, as mutating methods so that the
/// hub reaches the member in place (`members.values[index].…`): reading a
/// field through the dictionary's getter copies the whole `Member` first,
/// retaining and releasing every reference in it, once per recipient of
/// every line (a tenth of chatd's time in a fanout profile).
extension Member {
    /// What a write asks of the tick.
    struct Booking {
        /// The first write since the member's last flush: it needs one.
        var flush: Bool
        /// This write took the member over its send queue.
        var cut: Bool
    }

    /// Queues `bytes` on the connection, or returns nil for a member already
    /// over its send queue. With `judgedNow` (lines of the member's own,
    /// which cost memory per member) a write that takes it over the limit
    /// marks it, and nothing more is queued.
    mutating func enqueue(_ bytes: ByteBuffer, judgedNow: Bool) -> Booking? {
        guard !overQueue else { return nil }
        let held = connection.enqueue(bytes)
        var booking = Booking(flush: !awaitingFlush, cut: false)
        // `held` counts what NIO kept at the last flush, which the peer may have
        // read since: only a figure over the limit is worth asking NIO again.
        if judgedNow, held > sendQueueLimit, connection.queuedBytes > sendQueueLimit {
            overQueue = true
            booking.cut = true
        }
        awaitingFlush = true
        return booking
    }

    /// The broadcasts from the member's offset on, which it has not had,
    /// as a copy to write before a line of its own; the offset moves past them.
    mutating func takeUnsentBroadcasts(of tick: BroadcastTick) -> ByteBuffer? {
        guard isChatting, let pending = tick.copy(from: broadcastOffset) else { return nil }
        broadcastOffset = tick.writtenBytes
        return pending
    }

    /// At the end of a tick: the member's share of its broadcasts (a slice,
    /// no copy), and its offset back to the start for the next tick.
    mutating func takeShare(of broadcasts: ByteBuffer) -> ByteBuffer? {
        let offset = broadcastOffset
        broadcastOffset = 0
        guard isChatting, offset < broadcasts.writerIndex else { return nil }
        return broadcasts.getSlice(at: offset, length: broadcasts.writerIndex - offset)
    }

    /// Ends the member's wait for a flush: its connection, to flush outside
    /// the hub's access to the member (a flush may close the connection and
    /// so remove the member), and its send-queue limit; nil when it had none booked.
    mutating func takeFlush() -> (connection: any ChatConnection, sendQueueLimit: Int)? {
        guard awaitingFlush else { return nil }
        awaitingFlush = false
        return (connection, sendQueueLimit)
    }
}
