import NIOCore

extension ChannelHandlerContext {
    /// Closes the channel once everything written before is flushed, or at
    /// `deadline` if the peer has not taken it by then, so that no peer that
    /// stops reading keeps a connection open. Cancel the result when the
    /// channel goes inactive first.
    func closeAfterWrites(deadline: TimeAmount) -> Scheduled<Void> {
        let channel = self.channel
        writeAndFlush(NIOAny(ByteBuffer())).whenComplete { _ in
            channel.close(promise: nil)
        }
        return eventLoop.assumeIsolated().scheduleTask(in: deadline) {
            channel.close(promise: nil)
        }
    }
}
