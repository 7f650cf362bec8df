import CSystemd
import Glibc
import Logging

/// swift-log handler writing to the native journal (sd_journal_sendv(3)), so
/// metadata arrives as real fields that journalctl can filter and the catalog
/// can match by MESSAGE_ID, instead of being flattened into a text line.
public struct JournalLogHandler: LogHandler {
    public var metadata: Logger.Metadata = [:]
    public var metadataProvider: Logger.MetadataProvider?
    public var logLevel: Logger.Level = .info
    private let label: String
    private let identifier: String

    /// - Parameters:
    ///   - label: The logger's label, sent as CHATD_LOGGER.
    ///   - identifier: SYSLOG_IDENTIFIER, what journalctl -t selects on.
    public init(label: String, identifier: String = "chatd") {
        self.label = label
        self.identifier = identifier
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        let context = metadata.merging(metadataProvider?.get() ?? [:]) { _, provided in provided }
        let fields = JournalFields.make(event: event, context: context, label: label, identifier: identifier)
        let result = Self.send(fields)
        if result < 0 {
            // The journal refused the entry; stderr is the only place left to say so.
            var line = "\(identifier): journal write failed (\(String(cString: strerror(-result)))): \(event.message)\n"
            _ = line.withUTF8 { write(STDERR_FILENO, $0.baseAddress, $0.count) }
        }
    }

    /// Copies the fields into one buffer so every iovec points into memory that
    /// stays alive for the whole sd_journal_sendv call.
    private static func send(_ fields: [String]) -> CInt {
        var buffer: [UInt8] = []
        var ranges: [Range<Int>] = []
        for field in fields {
            let start = buffer.count
            buffer.append(contentsOf: field.utf8)
            ranges.append(start..<buffer.count)
        }
        return buffer.withUnsafeMutableBytes { bytes in
            let vectors = ranges.map { range in
                iovec(iov_base: bytes.baseAddress.map { $0 + range.lowerBound }, iov_len: range.count)
            }
            return vectors.withUnsafeBufferPointer { sd_journal_sendv($0.baseAddress, CInt($0.count)) }
        }
    }
}
