/// How a client run ended.
public enum Termination: Equatable, Sendable {
    /// A normal end; `message` is for standard error.
    case exit(ExitStatus, message: String?)
    /// SIGTERM, SIGINT or SIGHUP arrived: end as that signal would.
    case signal(Int32)
}
