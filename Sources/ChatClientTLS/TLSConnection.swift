import ChatClient
import Glibc
import NIOCore
import NIOEmbedded
import NIOSSL
import NIOTLS

/// `chat --tls`: the TLS library chatd serves with (swift-nio-ssl), driven by
/// hand over the client's blocking socket, so that the client keeps its
/// single poll(2) loop. An embedded channel holds the TLS handler; bytes
/// from the socket go in, plain text comes out, and what it wants sent is
/// written straight back. The certificate is checked against the system's
/// trust store (or `--ca-file`) and the host name; nothing is ever accepted
/// unverified.
public final class TLSConnection: ServerConnection {
    /// How long the handshake may take after the TCP connection is up.
    static let handshakeTimeout: Int32 = 10

    private let tcp: TCPConnection
    private let channel: EmbeddedChannel

    public var fd: Int32 { tcp.fd }

    private init(tcp: TCPConnection, channel: EmbeddedChannel) {
        self.tcp = tcp
        self.channel = channel
    }

    /// The TLS handler's close waits for the server's close_notify under a
    /// timer; embedded time only moves when told, so it is moved past it.
    deinit {
        channel.close(promise: nil)
        channel.embeddedEventLoop.advanceTime(by: .minutes(1))
        _ = try? channel.finish(acceptAlreadyClosed: true)
    }

    /// `caFile` nil: the system's trust store.
    public static func connect(host: String, port: Int, caFile: String?) throws(ClientError) -> TLSConnection {
        let tcp = try TCPConnection.connect(host: host, port: port)
        var configuration = TLSConfiguration.makeClientConfiguration()
        configuration.minimumTLSVersion = .tlsv12
        configuration.certificateVerification = .fullVerification
        if let caFile { configuration.trustRoots = .file(caFile) }
        let channel = EmbeddedChannel()
        let handshake = HandshakeWatch()
        do {
            let context = try NIOSSLContext(configuration: configuration)
            let serverName = Self.isNumericAddress(host) ? nil : host
            try channel.pipeline.syncOperations.addHandler(NIOSSLClientHandler(context: context, serverHostname: serverName))
            try channel.pipeline.syncOperations.addHandler(handshake)
        } catch {
            throw .tlsRefused(host: host, reason: caFile.map { "cannot use the CA file \($0): \(error)" } ?? "\(error)")
        }
        guard let peer = tcp.peerAddress, let address = try? SocketAddress(ipAddress: peer.host, port: peer.port) else {
            throw .tlsFailed(host: host, reason: "the connection has no peer address")
        }
        let connection = TLSConnection(tcp: tcp, channel: channel)
        do {
            // Connecting the embedded channel starts the handshake (the ClientHello).
            try channel.connect(to: address).wait()
            try connection.flushToServer()
            try connection.awaitHandshake(handshake, host: host)
        } catch let error as ClientError {
            throw error
        } catch {
            throw Self.classify(error, host: host, caFile: caFile)
        }
        return connection
    }

    public func send(line: String) {
        var buffer = channel.allocator.buffer(capacity: line.utf8.count + 1)
        buffer.writeString(line)
        buffer.writeInteger(UInt8(ascii: "\n"))
        do {
            try channel.writeOutbound(buffer)
            try flushToServer()
        } catch {
            // As for plain TCP: the next read reports the broken connection.
        }
    }

    public func read() -> ServerRead {
        switch tcp.read() {
        case .data(let bytes):
            do {
                try channel.writeInbound(channel.allocator.buffer(bytes: bytes))
                try flushToServer()
            } catch {
                return .failed(reason: "TLS error: \(error)")
            }
            var plain: [UInt8] = []
            while let buffer = try? channel.readInbound(as: ByteBuffer.self) {
                plain.append(contentsOf: buffer.readableBytesView)
            }
            // The server's close_notify closes the TLS channel: an orderly end.
            if plain.isEmpty, !channel.isActive { return .closed }
            return .data(plain)
        case .closed:
            return .closed
        case .failed(let reason):
            return .failed(reason: reason)
        }
    }

    /// Sends what the TLS handler produced: records, alerts, handshake messages.
    private func flushToServer() throws {
        while let buffer = try channel.readOutbound(as: ByteBuffer.self) {
            tcp.send(Array(buffer.readableBytesView))
        }
    }

    private func awaitHandshake(_ handshake: HandshakeWatch, host: String) throws {
        var remaining = Self.handshakeTimeout * 1000
        while !handshake.completed {
            var entry = pollfd(fd: tcp.fd, events: Int16(POLLIN), revents: 0)
            let started = Self.milliseconds()
            let ready = poll(&entry, 1, remaining)
            if ready < 0, errno == EINTR { continue }
            guard ready > 0 else { throw ClientError.tlsFailed(host: host, reason: "no TLS handshake within \(Self.handshakeTimeout) seconds") }
            remaining -= Int32(clamping: Self.milliseconds() - started)
            switch tcp.read() {
            case .data(let bytes):
                try channel.writeInbound(channel.allocator.buffer(bytes: bytes))
                try flushToServer()
            case .closed:
                throw ClientError.tlsFailed(host: host, reason: "the server closed the connection during the handshake (is it a TLS port?)")
            case .failed(let reason):
                throw ClientError.tlsFailed(host: host, reason: reason)
            }
        }
    }

    /// Verification failures are final (`--reconnect` will not retry them); others are not.
    private static func classify(_ error: any Error, host: String, caFile: String?) -> ClientError {
        let trust = caFile.map { "the CA in \($0)" } ?? "the system's trust store"
        if let error = error as? NIOSSLExtraError, error == .failedToValidateHostname {
            return .tlsRefused(host: host, reason: "the server's certificate is not valid for \(host)")
        }
        guard case .handshakeFailed(let underlying) = error as? NIOSSLError else {
            return .tlsFailed(host: host, reason: "\(error)")
        }
        switch reasonCode(underlying) {
        case "CERTIFICATE_VERIFY_FAILED":
            return .tlsRefused(
                host: host,
                reason: "the server's certificate is not signed by \(trust), or is not valid now; for a private CA, pass --ca-file"
            )
        case "WRONG_VERSION_NUMBER":
            return .tlsFailed(host: host, reason: "the server does not speak TLS on this port")
        case let code:
            return .tlsFailed(host: host, reason: "handshake failed: \(code ?? "\(underlying)")")
        }
    }

    /// BoringSSL's reason, such as `CERTIFICATE_VERIFY_FAILED`, out of its error text.
    private static func reasonCode(_ error: BoringSSLError) -> String? {
        let marker = "OPENSSL_internal:"
        let text = "\(error)"
        guard let start = text.indices.first(where: { text[$0...].hasPrefix(marker) }) else { return nil }
        return String(text[start...].dropFirst(marker.count).prefix { $0.isLetter || $0.isNumber || $0 == "_" })
    }

    private static func isNumericAddress(_ host: String) -> Bool {
        var v4 = in_addr()
        var v6 = in6_addr()
        return inet_pton(AF_INET, host, &v4) == 1 || inet_pton(AF_INET6, host, &v6) == 1
    }

    private static func milliseconds() -> Int64 {
        var time = timespec()
        clock_gettime(CLOCK_MONOTONIC, &time)
        return Int64(time.tv_sec) * 1000 + Int64(time.tv_nsec) / 1_000_000
    }
}

/// Notes the end of the handshake, which the TLS handler reports as an event.
private final class HandshakeWatch: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    private(set) var completed = false

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if case .some(.handshakeCompleted) = event as? TLSUserEvent { completed = true }
        context.fireUserInboundEventTriggered(event)
    }
}
