import NIOCore
import NIOHTTP1

/// The HTTP side of the web listener: the chat page and its two files, and
/// an answer for everything else. WebSocket upgrades on `/chat` never reach
/// it; a request for `/chat` that does was refused by `WebAccessPolicy`.
/// One request per connection: a client pipelining requests without reading
/// the answers cannot make chatd hold more than one.
final class WebPageHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    /// No inline script or style, nothing from another site; the WebSocket
    /// goes back to where the page came from.
    static let contentSecurityPolicy =
        "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self'; "
        + "base-uri 'none'; form-action 'none'; frame-ancestors 'none'"

    private var request: HTTPRequestHead?

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let head):
            request = head
        case .body:
            return
        case .end:
            guard let head = request else { return }
            request = nil
            respond(to: head, context: context)
        }
    }

    private func respond(to head: HTTPRequestHead, context: ChannelHandlerContext) {
        let path = head.uri.split(separator: "?", maxSplits: 1).first.map(String.init) ?? "/"
        guard head.method == .GET || head.method == .HEAD else {
            send(.methodNotAllowed, "text/plain; charset=utf-8", Array("only GET\n".utf8), head: head, context: context, extra: [("Allow", "GET, HEAD")])
            return
        }
        switch path {
        case "/": send(.ok, "text/html; charset=utf-8", ChatPage.html, head: head, context: context)
        case "/chat.js": send(.ok, "text/javascript; charset=utf-8", ChatPage.script, head: head, context: context)
        case "/chat.css": send(.ok, "text/css; charset=utf-8", ChatPage.style, head: head, context: context)
        case "/chat":
            let refused = head.headers.contains(name: "Upgrade")
            send(
                refused ? .forbidden : .upgradeRequired, "text/plain; charset=utf-8",
                Array((refused ? "WebSocket refused: check Origin and Sec-WebSocket-Protocol (\(WebAccessPolicy.subprotocol))\n" : "a WebSocket endpoint\n").utf8),
                head: head, context: context
            )
        default:
            send(.notFound, "text/plain; charset=utf-8", Array("not found\n".utf8), head: head, context: context)
        }
    }

    private func send(
        _ status: HTTPResponseStatus, _ type: String, _ body: [UInt8], head: HTTPRequestHead,
        context: ChannelHandlerContext, extra: [(String, String)] = []
    ) {
        var headers = HTTPHeaders([
            ("Content-Type", type), ("Content-Length", "\(body.count)"),
            ("Content-Security-Policy", Self.contentSecurityPolicy), ("X-Content-Type-Options", "nosniff"),
            ("Referrer-Policy", "no-referrer"), ("Cache-Control", "no-cache"),
        ])
        headers.add(contentsOf: extra)
        headers.add(name: "Connection", value: "close")
        context.write(NIOAny(HTTPServerResponsePart.head(HTTPResponseHead(version: head.version, status: status, headers: headers))), promise: nil)
        if head.method != .HEAD {
            context.write(NIOAny(HTTPServerResponsePart.body(.byteBuffer(ByteBuffer(bytes: body)))), promise: nil)
        }
        let channel = context.channel
        context.writeAndFlush(NIOAny(HTTPServerResponsePart.end(nil))).whenComplete { _ in channel.close(promise: nil) }
    }
}
