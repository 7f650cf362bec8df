import AdminProtocol
import Foundation
import Logging
import NIOCore

/// One admin connection: checks who the peer is, then answers each request
/// line with one response line. It shares the hub's event loop, so a request
/// is handled between two chat events and never races them.
final class AdminConnectionHandler: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    private let executor: AdminCommandExecutor
    private let policy: AdminAccessPolicy
    private var framer = LineFramer(maxLineBytes: AdminWire.maximumRequestBytes)
    private var peer: PeerCredentials?
    private var closing = false

    init(hub: ChatHub, policy: AdminAccessPolicy) {
        self.executor = AdminCommandExecutor(hub: hub)
        self.policy = policy
    }

    func channelActive(context: ChannelHandlerContext) {
        let logger = executor.hub.logger
        do {
            peer = try context.channel.pipeline.syncOperations.withUnsafeTransportIfAvailable(of: NIOBSDSocket.Handle.self) {
                try PeerCredentials(socket: $0)
            }
        } catch {
            logger.info("admin connection refused: \(error)", metadata: JournalEvent.adminDenied.metadata)
        }
        guard let peer else {
            reply(.failure(AdminError(.permissionDenied, "permission denied: chatd cannot tell who you are")), context: context, thenClose: true)
            return
        }
        guard policy.permits(peer) else {
            logger.info(
                "admin connection refused",
                metadata: AdminCommandExecutor.metadata(for: peer) + JournalEvent.adminDenied.metadata
            )
            let message = "permission denied: uid \(peer.uid) is not root, chatd's user, or a member of the group \(policy.groupName)"
            reply(.failure(AdminError(.permissionDenied, message)), context: context, thenClose: true)
            return
        }
        context.fireChannelActive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard !closing, let peer else { return }
        framer.append(unwrapInboundIn(data))
        while !closing, let frame = framer.next() {
            switch frame {
            case .overlong:
                let error = AdminError(.requestTooLarge, "request longer than \(AdminWire.maximumRequestBytes) bytes; closing the connection")
                reply(.failure(error), context: context, thenClose: true)
            case .line(let line):
                reply(executor.respond(to: Data(line.readableBytesView), from: peer), context: context, thenClose: false)
            }
        }
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if case .some(.inputClosed) = event as? ChannelEvent {
            // Every complete request has been answered; an unterminated one is dropped.
            closeAfterWrites(context: context)
        }
        context.fireUserInboundEventTriggered(event)
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        closing = true
        context.close(promise: nil)
    }

    private func reply(_ response: AdminResponse, context: ChannelHandlerContext, thenClose: Bool) {
        let line = response.encodedLine()
        var buffer = context.channel.allocator.buffer(capacity: line.count)
        buffer.writeBytes(line)
        context.writeAndFlush(wrapOutboundOut(buffer), promise: nil)
        if thenClose { closeAfterWrites(context: context) }
    }

    private func closeAfterWrites(context: ChannelHandlerContext) {
        guard !closing else { return }
        closing = true
        let channel = context.channel
        context.writeAndFlush(wrapOutboundOut(ByteBuffer())).whenComplete { _ in
            channel.close(promise: nil)
        }
    }
}
