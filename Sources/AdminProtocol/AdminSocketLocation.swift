/// Where the admin socket is when nobody says: chatd and chatctl must agree
/// without configuration in the common cases (a system service, a user's own chatd).
public enum AdminSocketLocation {
    /// The system service's socket, created by chatd-admin.socket or by a root chatd.
    public static let systemPath = "/run/chatd/admin.sock"

    /// chatd's default: systemd's RuntimeDirectory= (its first entry), else
    /// the system path for root, else the user's runtime directory. nil when
    /// none applies (not root and no XDG_RUNTIME_DIR).
    public static func serverDefault(environment: [String: String], isRoot: Bool) -> String? {
        if let runtime = environment["RUNTIME_DIRECTORY"]?.split(separator: ":").first, !runtime.isEmpty {
            return runtime + "/admin.sock"
        }
        if isRoot { return systemPath }
        return userPath(environment: environment)
    }

    /// chatctl's default: CHATD_ADMIN_SOCKET, else the system path if it
    /// exists (whoever runs chatctl), else the user's runtime directory, else
    /// the system path again so that the error names the usual place.
    public static func clientDefault(environment: [String: String], fileExists: (String) -> Bool) -> String {
        if let explicit = environment["CHATD_ADMIN_SOCKET"], !explicit.isEmpty { return explicit }
        if fileExists(systemPath) { return systemPath }
        return userPath(environment: environment) ?? systemPath
    }

    private static func userPath(environment: [String: String]) -> String? {
        guard let runtime = environment["XDG_RUNTIME_DIR"], !runtime.isEmpty else { return nil }
        return runtime + "/chatd/admin.sock"
    }
}
