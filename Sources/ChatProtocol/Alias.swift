/// Aliases are unique without regard to ASCII case (`Alice` is `alice`),
/// and so are command names; both sides of the wire fold the same way.
public enum Alias {
    public static func fold(_ text: some StringProtocol) -> String {
        String(decoding: text.utf8.map { $0 >= 65 && $0 <= 90 ? $0 + 32 : $0 }, as: UTF8.self)
    }
}
