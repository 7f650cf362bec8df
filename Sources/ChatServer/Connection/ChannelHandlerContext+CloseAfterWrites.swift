import NIOCore

extension ChannelHandlerContext {
    /// Closes the channel once everything written before is flushed, or at
    /// `deadline` if the peer has not taken it by then, so that no peer that
    /// stops reading keeps a connection open. The deadline's timer is set
    /// first and ended by the flush: a flush that completes at once (the
    /// usual case) closes the channel before this returns, and a timer set
    /// after it would keep the closed channel until the deadline.
    func closeAfterWrites(deadline: TimeAmount) -> Scheduled<Void> {
        let channel = self.channel
        let cutoff = eventLoop.assumeIsolated().scheduleTask(in: deadline) {
            channel.close(promise: nil)
        }
        writeAndFlush(NIOAny(ByteBuffer())).whenComplete { _ in
            cutoff.cancel()
            channel.close(promise: nil)
        }
        return cutoff
    }
}
