import NIOCore

extension ChannelHandlerContext {
    /// Closes the channel once everything written before is flushed, or at
    /// `deadline` if the peer has not taken it by then, so that no peer that
    /// stops reading keeps a connection open. The flush's promise completes
    /// however the channel ends (NIO fails pending writes on close), and it
    /// ends the timer: nothing is left for the caller to cancel, and no timer
    /// keeps a closed channel (about 2 KiB) until the deadline.
    func closeAfterWrites(deadline: TimeAmount) {
        let channel = self.channel
        let cutoff = eventLoop.assumeIsolated().scheduleTask(in: deadline) {
            channel.close(promise: nil)
        }
        writeAndFlush(NIOAny(ByteBuffer())).whenComplete { _ in
            cutoff.cancel()
            channel.close(promise: nil)
        }
    }
}
