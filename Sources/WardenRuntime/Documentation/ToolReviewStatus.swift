import Foundation
import WardenCore

/// Where a tool version's periodic review stands at a given moment.
enum ToolReviewStatus: Equatable {
    /// No review due date on record (the version was never activated).
    case unscheduled
    /// Due at the date, which is not past.
    case due(Date)
    /// Was due at the date, which is past.
    case overdue(Date)

    init(dueAt: Date?, asOf reference: Date) {
        guard let dueAt else {
            self = .unscheduled
            return
        }
        self = dueAt < reference ? .overdue(dueAt) : .due(dueAt)
    }

    /// A short phrase for the contents table; with `dates` false, no date (so the text does not depend on when
    /// the record was made).
    func summary(dates: Bool) -> String {
        switch self {
        case .unscheduled: "not scheduled"
        case .due(let d): dates ? "due \(Self.day(d))" : "not overdue"
        case .overdue(let d): dates ? "**overdue** since \(Self.day(d))" : "**overdue**"
        }
    }

    /// A sentence for the tool's section, judged as of `reference`.
    func sentence(dates: Bool, asOf reference: Date) -> String {
        switch self {
        case .unscheduled:
            "no periodic review is scheduled (a due date is set when a version is activated)"
        case .due(let d):
            dates ? "due \(WardenJSON.format(d)); not overdue as of \(WardenJSON.format(reference))"
                : "not overdue (the due date is left out of this document)"
        case .overdue(let d):
            dates ? "**overdue**: it was due \(WardenJSON.format(d)); a reviewer should re-examine this version"
                : "**overdue**: a reviewer should re-examine this version (the due date is left out of this document)"
        }
    }

    /// `2026-11-25` (UTC).
    static func day(_ date: Date) -> String {
        date.formatted(Date.ISO8601FormatStyle().year().month().day())
    }
}
