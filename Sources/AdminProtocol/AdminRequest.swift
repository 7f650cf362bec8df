import Foundation

/// One request line: `{"version":1,"command":"kick","arguments":{...}}`.
public struct AdminRequest: Encodable, Equatable, Sendable {
    public var version: Int
    public var command: AdminCommand

    public init(_ command: AdminCommand, version: Int = AdminWire.version) {
        self.version = version
        self.command = command
    }

    enum CodingKeys: String, CodingKey {
        case version, command, arguments
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(version, forKey: .version)
        try container.encode(command.name, forKey: .command)
        switch command {
        case .list, .stats: break
        case .kick(let arguments): try container.encode(arguments, forKey: .arguments)
        case .notice(let arguments): try container.encode(arguments, forKey: .arguments)
        }
    }

    /// The request as sent: JSON and a terminating LF.
    public func encodedLine() throws -> Data {
        try AdminWire.line(self)
    }

    /// Reads one request line (without its LF), checking in the order that
    /// gives the most useful answer: is it JSON, is it our version, do we
    /// know the command, are its arguments right.
    public init(parsing line: Data) throws(AdminError) {
        let decoder = JSONDecoder()
        let envelope: Envelope
        do {
            envelope = try decoder.decode(Envelope.self, from: line)
        } catch {
            throw AdminError(.malformedRequest, "the request is not a JSON object with a numeric \"version\" and a string \"command\"")
        }
        guard let version = envelope.version else {
            throw AdminError(.unsupportedVersion, "the request has no \"version\"; chatd speaks admin protocol version \(AdminWire.version)")
        }
        guard version == AdminWire.version else {
            throw AdminError(
                .unsupportedVersion,
                "the request uses admin protocol version \(version) but chatd speaks version \(AdminWire.version): use the chatctl that came with this chatd"
            )
        }
        guard let commandName = envelope.command else {
            throw AdminError(.malformedRequest, "the request has no \"command\"")
        }
        guard let name = AdminCommand.Name(rawValue: commandName) else {
            let known = AdminCommand.Name.allCases.map(\.rawValue).joined(separator: ", ")
            throw AdminError(.unknownCommand, "unknown command '\(commandName)' (known: \(known))")
        }
        self.version = version
        switch name {
        case .list: command = .list
        case .stats: command = .stats
        case .kick: command = .kick(try Self.arguments(KickArguments.self, of: name, in: line, decoder: decoder))
        case .notice: command = .notice(try Self.arguments(NoticeArguments.self, of: name, in: line, decoder: decoder))
        }
    }

    private struct Envelope: Decodable {
        var version: Int?
        var command: String?
    }

    private struct WithArguments<Arguments: Decodable>: Decodable {
        var arguments: Arguments
    }

    private static func arguments<Arguments: Decodable>(
        _ type: Arguments.Type, of name: AdminCommand.Name, in line: Data, decoder: JSONDecoder
    ) throws(AdminError) -> Arguments {
        do {
            return try decoder.decode(WithArguments<Arguments>.self, from: line).arguments
        } catch let error as DecodingError {
            throw AdminError(.invalidArguments, "\(name.rawValue): \(Self.explain(error))")
        } catch {
            throw AdminError(.invalidArguments, "\(name.rawValue): \(error)")
        }
    }

    /// DecodingError's own descriptions are for programmers; say which member is wrong.
    private static func explain(_ error: DecodingError) -> String {
        func path(_ codingPath: [any CodingKey], _ key: (any CodingKey)? = nil) -> String {
            let names = (codingPath + (key.map { [$0] } ?? [])).map(\.stringValue)
            return names.isEmpty ? "the request" : "\"" + names.joined(separator: ".") + "\""
        }
        switch error {
        case .keyNotFound(let key, let context):
            return "\(path(context.codingPath, key)) is missing"
        case .typeMismatch(let type, let context):
            return "\(path(context.codingPath)) should be \(Self.jsonName(of: type))"
        case .valueNotFound(let type, let context):
            return "\(path(context.codingPath)) should be \(Self.jsonName(of: type)), not null"
        case .dataCorrupted(let context):
            return "\(path(context.codingPath)) is not valid"
        @unknown default:
            return "the arguments are not valid"
        }
    }

    private static func jsonName(of type: Any.Type) -> String {
        switch type {
        case is String.Type: return "a string"
        case is Int.Type: return "a whole number"
        case is Bool.Type: return "true or false"
        default: return "an object"
        }
    }
}
