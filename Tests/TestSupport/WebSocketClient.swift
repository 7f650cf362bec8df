import Foundation

/// A WebSocket client built by hand from RFC 6455 over a `LineClient`, so
/// that tests choose every byte: the upgrade request's headers, masked or
/// odd frames, fragments. It is a test's instrument, not a client to use.
public final class WebSocketClient: @unchecked Sendable {
    public enum Opcode: UInt8, Sendable {
        case continuation = 0, text = 1, binary = 2, close = 8, ping = 9, pong = 10
    }

    public struct Frame: Equatable, Sendable {
        public let opcode: UInt8
        public let payload: [UInt8]

        public var text: String { String(decoding: payload, as: UTF8.self) }
        /// A close frame's status code.
        public var closeCode: Int? {
            opcode == Opcode.close.rawValue && payload.count >= 2 ? Int(payload[0]) << 8 | Int(payload[1]) : nil
        }
    }

    public let connection: LineClient
    /// The status code of the answer to the upgrade request, and its headers (names in lower case).
    public let status: Int
    public let headers: [String: String]

    /// Sends the upgrade request for `path` with `origin` (nil: no Origin
    /// header), the subprotocols offered and any other headers.
    public init(
        port: Int, path: String = "/chat", origin: String? = "self", subprotocols: [String] = [],
        extraHeaders: [(String, String)] = []
    ) throws {
        connection = try LineClient(port: port)
        let key = Data((0..<16).map { _ in UInt8.random(in: 0...255) }).base64EncodedString()
        var request = "GET \(path) HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
        request += "Sec-WebSocket-Key: \(key)\r\nSec-WebSocket-Version: 13\r\n"
        if let origin { request += "Origin: \(origin == "self" ? "http://127.0.0.1:\(port)" : origin)\r\n" }
        if !subprotocols.isEmpty { request += "Sec-WebSocket-Protocol: \(subprotocols.joined(separator: ", "))\r\n" }
        for (name, value) in extraHeaders { request += "\(name): \(value)\r\n" }
        connection.sendRaw(Array((request + "\r\n").utf8))
        let statusLine = try connection.readLine()
        status = Int(statusLine.split(separator: " ").dropFirst().first ?? "") ?? 0
        var headers: [String: String] = [:]
        while true {
            let line = try connection.readLine().trimmingCharacters(in: .whitespacesAndNewlines)
            if line.isEmpty { break }
            if let colon = line.firstIndex(of: ":") {
                headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            }
        }
        self.headers = headers
    }

    /// A masked frame, as a browser sends them.
    public func send(_ opcode: Opcode, _ payload: [UInt8], fin: Bool = true) {
        var frame: [UInt8] = [(fin ? 0x80 : 0) | opcode.rawValue]
        switch payload.count {
        case ..<126: frame.append(0x80 | UInt8(payload.count))
        case ..<65536: frame += [0x80 | 126, UInt8(payload.count >> 8), UInt8(payload.count & 0xFF)]
        default: frame += [0x80 | 127] + (0..<8).reversed().map { UInt8((payload.count >> (8 * $0)) & 0xFF) }
        }
        let mask = (0..<4).map { _ in UInt8.random(in: 0...255) }
        frame += mask
        frame += payload.enumerated().map { $0.element ^ mask[$0.offset % 4] }
        connection.sendRaw(frame)
    }

    public func send(text: String) {
        send(.text, Array(text.utf8))
    }

    public func readFrame(timeout: Double = 10) throws -> Frame {
        let head = try connection.readBytes(2, timeout: timeout)
        var length = Int(head[1] & 0x7F)
        if length == 126 {
            length = try connection.readBytes(2, timeout: timeout).reduce(0) { $0 << 8 | Int($1) }
        } else if length == 127 {
            length = try connection.readBytes(8, timeout: timeout).reduce(0) { $0 << 8 | Int($1) }
        }
        guard head[1] & 0x80 == 0 else { throw TestFailure("the server masked a frame") }
        return Frame(opcode: head[0] & 0x0F, payload: try connection.readBytes(length, timeout: timeout))
    }

    /// The next text message, skipping control frames.
    public func readText(timeout: Double = 10) throws -> String {
        while true {
            let frame = try readFrame(timeout: timeout)
            if frame.opcode == Opcode.text.rawValue { return frame.text }
            if frame.opcode == Opcode.close.rawValue { throw TestFailure("closed with code \(frame.closeCode ?? 0): \(frame.text)") }
        }
    }

    /// Reads text messages until one starts with `prefix`.
    @discardableResult
    public func expect(prefix: String, timeout: Double = 10) throws -> String {
        var seen: [String] = []
        while true {
            let text = try readText(timeout: timeout)
            if text.hasPrefix(prefix) { return text }
            seen.append(text)
            if seen.count > 100 { throw TestFailure("no message starting with '\(prefix)' in \(seen)") }
        }
    }

    /// The close frame that ends the connection, skipping what comes before it.
    public func closeFrame(timeout: Double = 10) throws -> Frame {
        while true {
            let frame = try readFrame(timeout: timeout)
            if frame.opcode == Opcode.close.rawValue { return frame }
        }
    }

    /// Connects, logs in as `alias` and waits for `WELCOME`.
    public static func loggedIn(as alias: String, port: Int, extraHeaders: [(String, String)] = []) throws -> WebSocketClient {
        let client = try WebSocketClient(port: port, subprotocols: ["text.chatd"], extraHeaders: extraHeaders)
        guard client.status == 101 else { throw TestFailure("upgrade answered \(client.status)") }
        try client.expect(prefix: "NICK")
        client.send(text: alias)
        try client.expect(prefix: "WELCOME \(alias) ")
        return client
    }
}
