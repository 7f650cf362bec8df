/// The result of `notice`: the text as sent (control characters removed) and how many got it.
public struct NoticeOutcome: Codable, Equatable, Sendable {
    public var text: String
    public var recipients: Int

    public init(text: String, recipients: Int) {
        self.text = text
        self.recipients = recipients
    }
}
