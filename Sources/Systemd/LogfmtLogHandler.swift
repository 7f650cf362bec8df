import Glibc
import Logging

/// swift-log handler writing one logfmt line per entry to standard error:
/// `2026-12-02T13:05:18Z notice chatd: user kicked alias=bob reason="be nice"`.
/// A value holding a space, a quote, `=`, a backslash or a control character
/// is quoted and escaped, so no text a user typed can pose as a field of its
/// own (swift-log's StreamLogHandler writes values bare).
public struct LogfmtLogHandler: LogHandler {
    public var metadata: Logger.Metadata = [:]
    public var metadataProvider: Logger.MetadataProvider?
    public var logLevel: Logger.Level = .info
    private let label: String

    public init(label: String) {
        self.label = label
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        var context = metadata.merging(metadataProvider?.get() ?? [:]) { _, provided in provided }
        if let extra = event.metadata { context.merge(extra) { _, given in given } }
        var line = Self.format(level: event.level, label: label, message: "\(event.message)", metadata: context, at: time(nil))
        line += "\n"
        _ = line.withUTF8 { write(STDERR_FILENO, $0.baseAddress, $0.count) }
    }

    static func format(level: Logger.Level, label: String, message: String, metadata: Logger.Metadata, at seconds: time_t) -> String {
        var line = "\(timestamp(seconds)) \(level) \(label): \(escaped(message, quoting: false))"
        for key in metadata.keys.sorted() {
            guard let value = metadata[key] else { continue }
            line += " \(escaped(key, quoting: true))=\(escaped("\(value)", quoting: true))"
        }
        return line
    }

    /// Control characters become escapes; with `quoting`, a value that needs
    /// it is put in quotes (the message is free text up to the first field).
    static func escaped(_ text: String, quoting: Bool) -> String {
        var needsQuotes = text.isEmpty
        var result = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": result += "\\\""; needsQuotes = true
            case "\\": result += "\\\\"; needsQuotes = true
            case "\n": result += "\\n"; needsQuotes = true
            case "\r": result += "\\r"; needsQuotes = true
            case "\t": result += "\\t"; needsQuotes = true
            case " ", "=": result.unicodeScalars.append(scalar); needsQuotes = true
            case _ where scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value) || (0x2028...0x2029).contains(scalar.value):
                result += "\\u{\(String(scalar.value, radix: 16))}"
                needsQuotes = true
            default:
                result.unicodeScalars.append(scalar)
            }
        }
        return quoting && needsQuotes ? "\"\(result)\"" : result
    }

    private static func timestamp(_ seconds: time_t) -> String {
        var seconds = seconds
        var parts = tm()
        gmtime_r(&seconds, &parts)
        var buffer = [CChar](repeating: 0, count: 32)
        let count = strftime(&buffer, buffer.count, "%Y-%m-%dT%H:%M:%SZ", &parts)
        return String(decoding: buffer[..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
