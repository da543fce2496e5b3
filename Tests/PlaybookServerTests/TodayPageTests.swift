import Foundation
import PlaybookCore
import PlaybookStore
import Testing

@testable import PlaybookServer

/// The today page shows a section a page of cards at a time: a seller with 120 overdue actions gets
/// 50, and links to the next pages of that section.
struct TodayPageTests {
    static let day = LocalDate(year: 2026, month: 11, day: 23)

    static func action(_ index: Int, due: LocalDate) -> ListedAction {
        ListedAction(
            key: "p/s/C\(index)/O\(index)", playbook: "p", step: "s", stepPosition: 0, customer: "C\(index)",
            customerName: "客戶\(index)", order: "O\(index)", sku: nil, due: .date(due), dueText: due.description,
            channel: .line, kind: .message, message: "訊息 \(index)", status: "pending", missing: [], zone: .utc)
    }

    static let session = WebSessions.Session(
        account: UserAccount(id: "S01", role: .seller, owner: "S01", passwordHash: ""), csrf: "t",
        expires: Date(timeIntervalSinceNow: 3600))

    @Test func aLongSectionIsShownAPageAtATime() {
        let overdue = (0..<120).map { Self.action($0, due: Self.day.adding(days: -2)) }
        let today = (120..<123).map { Self.action($0, due: Self.day) }
        let first = WebPages.today(overdue + today, day: Self.day, session: Self.session)
        #expect(first.components(separatedBy: "class=\"card\"").count - 1 == 53, "50 overdue and the 3 of today")
        #expect(first.contains("逾期 Overdue (120)"))
        #expect(first.contains("/today?section=overdue&amp;page=2"))
        #expect(first.contains("客戶49") && !first.contains("客戶50<"))
        let last = WebPages.today(overdue + today, day: Self.day, session: Self.session, section: "overdue", page: 3)
        #expect(last.components(separatedBy: "class=\"card\"").count - 1 == 20)
        #expect(last.contains("客戶119") && !last.contains("今天 Today"))
        #expect(last.contains("3 / 3") && last.contains("page=2") && !last.contains("page=4"))
        let beyond = WebPages.today(overdue, day: Self.day, session: Self.session, section: "overdue", page: 99)
        #expect(beyond.contains("3 / 3"), "a page past the end shows the last")
    }
}
