import Glibc

/// Where chatd's logs go (--log-target).
public enum LogTarget: String, Sendable, CaseIterable {
    case auto, journal, stderr

    /// .auto resolves to .journal when stderr is the journal stream systemd set up
    /// (JOURNAL_STREAM's "dev:ino" equals fstat(2)'s st_dev:st_ino, see systemd.exec(5)),
    /// so structured fields survive; otherwise to .stderr, e.g. in a terminal or
    /// when stderr was redirected.
    public func resolved() -> LogTarget {
        guard self == .auto else { return self }
        return Self.stderrIsJournalStream() ? .journal : .stderr
    }

    private static func stderrIsJournalStream() -> Bool {
        guard let variable = getenv("JOURNAL_STREAM") else { return false }
        let parts = String(cString: variable).split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2, let device = UInt64(parts[0]), let inode = UInt64(parts[1]) else { return false }
        var info = stat()
        guard fstat(STDERR_FILENO, &info) == 0 else { return false }
        return UInt64(info.st_dev) == device && UInt64(info.st_ino) == inode
    }
}
