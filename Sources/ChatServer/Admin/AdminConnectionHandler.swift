import AdminProtocol
import Foundation
import Logging
import NIOCore

/// One admin connection: checks who the peer is, then answers each request
/// line with one response line. It shares the hub's event loop, so a request
/// is handled between two chat events and never races them.
///
/// A peer cannot make chatd hold more than one answer's worth of output: no
/// further request is read while an answer waits to be written. A connection
/// that sends nothing for `admin-idle-timeout` seconds is closed, and at most
/// `maximumConnections` are open at once.
final class AdminConnectionHandler: ChannelDuplexHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    static let maximumConnections = 32

    private let executor: AdminCommandExecutor
    private let policy: AdminAccessPolicy
    private var framer = LineFramer(maxLineBytes: AdminWire.maximumRequestBytes)
    private var peer: PeerCredentials?
    private var counted = false
    private var closing = false
    /// An answer is waiting to be written: requests stay unread until it is.
    private var waitingForWrites = false
    private var readWanted = false
    private var idleTimer: Scheduled<Void>?

    init(hub: ChatHub, policy: AdminAccessPolicy) {
        self.executor = AdminCommandExecutor(hub: hub)
        self.policy = policy
    }

    private var hub: ChatHub { executor.hub }

    func channelActive(context: ChannelHandlerContext) {
        let logger = hub.logger
        guard hub.adminConnections < Self.maximumConnections else {
            logger.info("admin connection refused: too many open", metadata: ["limit": "\(Self.maximumConnections)"] + JournalEvent.adminDenied.metadata)
            let message = "too many admin connections open (at most \(Self.maximumConnections)); try again"
            reply(.failure(AdminError(.tooManyConnections, message)), context: context, thenClose: true)
            return
        }
        hub.adminConnections += 1
        counted = true
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
        armIdleTimer(context: context)
        context.fireChannelActive()
    }

    func channelInactive(context: ChannelHandlerContext) {
        idleTimer?.cancel()
        if counted {
            counted = false
            hub.adminConnections -= 1
        }
        context.fireChannelInactive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard !closing, peer != nil else { return }
        framer.append(unwrapInboundIn(data))
        armIdleTimer(context: context)
        answerRequests(context: context)
    }

    func channelWritabilityChanged(context: ChannelHandlerContext) {
        if context.channel.isWritable, waitingForWrites {
            waitingForWrites = false
            answerRequests(context: context)
            if !waitingForWrites, readWanted {
                readWanted = false
                context.read()
            }
        }
        context.fireChannelWritabilityChanged()
    }

    func read(context: ChannelHandlerContext) {
        if closing { return }
        if waitingForWrites {
            readWanted = true
        } else {
            context.read()
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

    private func answerRequests(context: ChannelHandlerContext) {
        guard let peer else { return }
        while !closing, !waitingForWrites, let frame = framer.next() {
            switch frame {
            case .overlong:
                let error = AdminError(.requestTooLarge, "request longer than \(AdminWire.maximumRequestBytes) bytes; closing the connection")
                reply(.failure(error), context: context, thenClose: true)
            case .line(let line):
                reply(executor.respond(to: Data(line.readableBytesView), from: peer), context: context, thenClose: false)
                waitingForWrites = !context.channel.isWritable
            }
        }
    }

    /// Read at every request, so a reload applies to open connections from their next request on.
    private func armIdleTimer(context: ChannelHandlerContext) {
        idleTimer?.cancel()
        let seconds = hub.settings.adminIdleTimeoutSeconds
        guard seconds > 0 else { return }
        let channel = context.channel
        idleTimer = context.eventLoop.assumeIsolated().scheduleTask(in: .seconds(Int64(seconds))) {
            channel.close(promise: nil)
        }
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
        context.closeAfterWrites(deadline: ChatHub.closeDeadline)
    }
}
