/// Durations for people: the two largest units, so columns stay narrow
/// (`45s`, `3m12s`, `2h05m`, `3d04h`).
enum ElapsedTime {
    static func format(seconds: Int) -> String {
        let seconds = max(0, seconds)
        switch seconds {
        case ..<60: return "\(seconds)s"
        case ..<3600: return "\(seconds / 60)m" + pad(seconds % 60) + "s"
        case ..<86400: return "\(seconds / 3600)h" + pad(seconds % 3600 / 60) + "m"
        default: return "\(seconds / 86400)d" + pad(seconds % 86400 / 3600) + "h"
        }
    }

    private static func pad(_ value: Int) -> String {
        value < 10 ? "0\(value)" : "\(value)"
    }
}
