/// What a successful request returns; which case follows from the command sent.
public enum AdminResult: Equatable, Sendable {
    case users(UserList)
    case kicked(KickOutcome)
    case noticeSent(NoticeOutcome)
    case statistics(StatisticsReport)
}
