import ChatCore
import NIOCore
import NIOHTTP1
import NIOWebSocket

/// The web listener's pipeline, built with SwiftNIO's own HTTP/1.1 server and
/// WebSocket upgrader (no hand-written HTTP or framing): a request for a page
/// goes to `WebPageHandler`; an accepted upgrade on `/chat` becomes frames,
/// then lines (`WebSocketLineAdapter`), then the same connection handler and
/// hub as TCP.
enum WebChannelSetup {
    /// On the event loop; `waiting` counts the connections that have not asked for anything yet.
    static func configure(
        _ channel: any Channel, hub: NIOLoopBoundBox<ChatHub>, waiting: RequestDeadline.Waiting, settings: ServerSettings
    ) throws {
        guard waiting.count < RequestDeadline.maximumWaiting else {
            channel.close(promise: nil)
            return
        }
        let policy = WebAccessPolicy(settings: settings)
        let maxLineBytes = settings.maxLineBytes
        let upgrader = NIOWebSocketServerUpgrader(
            maxFrameSize: maxLineBytes,
            automaticErrorHandling: true,
            shouldUpgrade: { channel, head in
                let path = head.uri.split(separator: "?", maxSplits: 1).first ?? ""
                guard path == "/chat", case .accept(let subprotocol) = policy.judge(head) else {
                    return channel.eventLoop.makeSucceededFuture(nil)
                }
                var headers = HTTPHeaders()
                if let subprotocol { headers.add(name: "Sec-WebSocket-Protocol", value: subprotocol) }
                return channel.eventLoop.makeSucceededFuture(headers)
            },
            upgradePipelineHandler: { channel, head in
                channel.eventLoop.makeCompletedFuture {
                    let remote = channel.remoteAddress
                    let address = policy.client(of: head, connectedFrom: remote?.ipAddress.flatMap(IPAddress.init))
                    let peer = Peer(address: address, port: address == remote?.ipAddress.flatMap(IPAddress.init) ? remote?.port : nil, transport: .web)
                    let pipeline = channel.pipeline.syncOperations
                    // Frames follow: no more pages, and no request deadline. Gone before the first frame is read.
                    pipeline.removeHandler(context: try pipeline.context(handlerType: WebPageHandler.self), promise: nil)
                    pipeline.removeHandler(context: try pipeline.context(handlerType: RequestDeadline.self), promise: nil)
                    try pipeline.addHandler(IdleStateHandler(readTimeout: WebSocketLineAdapter.probeInterval))
                    try pipeline.addHandler(
                        NIOWebSocketFrameAggregator(minNonFinalFragmentSize: 1, maxAccumulatedFrameCount: 64, maxAccumulatedFrameSize: maxLineBytes)
                    )
                    try pipeline.addHandler(WebSocketLineAdapter())
                    try pipeline.addHandler(ClientConnectionHandler(hub: hub.value, transport: .web, peer: peer))
                }
            }
        )
        // A WebSocket ends with its own close message: a peer that stops sending is gone.
        try channel.syncOptions?.setOption(.allowRemoteHalfClosure, value: false)
        try channel.pipeline.syncOperations.addHandler(RequestDeadline(waiting: waiting))
        try channel.pipeline.syncOperations.configureHTTPServerPipeline(
            withServerUpgrade: (upgraders: [upgrader], completionHandler: { _ in })
        )
        try channel.pipeline.syncOperations.addHandler(WebPageHandler())
    }
}
