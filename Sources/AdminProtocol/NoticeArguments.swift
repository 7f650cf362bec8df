/// The argument of `notice`: the text every user gets as `NOTICE <text>`.
public struct NoticeArguments: Codable, Equatable, Sendable {
    public var text: String

    public init(text: String) {
        self.text = text
    }
}
