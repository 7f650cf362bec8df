import Logging

/// Builds the "KEY=value" fields of one journal entry; kept pure so the
/// mapping chatd's catalog and journalctl filters rely on can be tested.
enum JournalFields {
    /// MESSAGE, PRIORITY, SYSLOG_IDENTIFIER, CODE_*, CHATD_LOGGER (the logger label),
    /// MESSAGE_ID from the "MESSAGE_ID" metadata key, and every other metadata key as
    /// CHATD_<KEY>. `context` is the handler's (logger and provider) metadata; the
    /// event's own metadata wins over it, and an attached error adds error.message
    /// and error.type as swift-log's StreamLogHandler does.
    static func make(event: LogEvent, context: Logger.Metadata, label: String, identifier: String) -> [String] {
        var metadata = context.merging(event.metadata ?? [:]) { _, call in call }
        if let error = event.error {
            metadata["error.message"] = "\(error)"
            metadata["error.type"] = "\(String(reflecting: type(of: error)))"
        }
        var fields = [
            "MESSAGE=\(event.message)",
            "PRIORITY=\(priority(event.level))",
            "SYSLOG_IDENTIFIER=\(identifier)",
            "CODE_FILE=\(event.file)",
            "CODE_LINE=\(event.line)",
            "CODE_FUNC=\(event.function)",
            "CHATD_LOGGER=\(label)",
        ]
        if let messageID = metadata.removeValue(forKey: "MESSAGE_ID") {
            fields.append("MESSAGE_ID=\(messageID)")
        }
        for (key, value) in metadata.sorted(by: { $0.key < $1.key }) {
            fields.append("\(fieldName(key))=\(value)")
        }
        return fields
    }

    /// syslog(3) priorities; swift-log has no level below debug, so trace shares 7.
    static func priority(_ level: Logger.Level) -> Int {
        switch level {
        case .trace, .debug: 7
        case .info: 6
        case .notice: 5
        case .warning: 4
        case .error: 3
        case .critical: 2
        }
    }

    /// Journal field names allow only A-Z, 0-9 and _; the CHATD_ prefix keeps
    /// chatd's fields apart from systemd's and never starts with _ or a digit.
    static func fieldName(_ key: String) -> String {
        "CHATD_" + String(key.uppercased().unicodeScalars.map { scalar -> Character in
            ("A"..."Z").contains(scalar) || ("0"..."9").contains(scalar) ? Character(scalar) : "_"
        })
    }
}
