/// Aliases are unique without regard to ASCII case (`Alice` is `alice`),
/// and so are command names; both sides of the wire fold the same way.
public enum Alias {
    public static func fold(_ text: some StringProtocol) -> String {
        guard text.utf8.contains(where: { $0 >= 65 && $0 <= 90 }) else { return String(text) }
        return String(decoding: text.utf8.map { $0 >= 65 && $0 <= 90 ? $0 + 32 : $0 }, as: UTF8.self)
    }
}
