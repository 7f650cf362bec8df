import NIOCore
import NIOPosix

/// The admin socket's listening side, on the hub's event loop.
struct AdminEndpoint: Sendable {
    let channel: any Channel
    /// nil for a socket systemd passed in: systemd owns that file.
    let file: AdminSocketFile?
    let description: String

    static func start(_ listener: ChatServer.AdminListener, hub: NIOLoopBoundBox<ChatHub>, on eventLoop: any EventLoop, policy: AdminAccessPolicy) async throws -> AdminEndpoint {
        let bootstrap = ServerBootstrap(group: eventLoop)
            .serverChannelOption(.backlog, value: 128)
            .childChannelOption(.allowRemoteHalfClosure, value: true)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(AdminConnectionHandler(hub: hub.value, policy: policy))
                }
            }
        switch listener {
        case .inherited(let descriptor):
            let channel = try await bootstrap.withBoundSocket(descriptor).get()
            return AdminEndpoint(channel: channel, file: nil, description: channel.localAddress?.pathname ?? "an inherited socket")
        case .path(let path):
            try AdminSocketFile.prepare(path)
            let channel: any Channel
            do {
                channel = try await bootstrap.bind(unixDomainSocketPath: path).get()
            } catch {
                throw AdminSocketError("cannot create the admin socket \(path): \(error)")
            }
            do {
                return AdminEndpoint(channel: channel, file: try AdminSocketFile(claiming: path), description: path)
            } catch {
                try? await channel.close()
                throw error
            }
        }
    }

    /// Stops accepting; connections already open finish with the event loop.
    func close() {
        channel.close(promise: nil)
    }

    /// Removes the socket file chatd made, once the listener is closed.
    func remove() async {
        try? await channel.closeFuture.get()
        file?.remove()
    }
}
