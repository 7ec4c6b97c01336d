import Foundation
import WardenCore

/// The real OSV records under Fixtures/osv (see the README there for where each came from).
enum OSVFixtures {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Fixtures/osv", isDirectory: true)

    static func data(_ file: String) throws -> Data {
        try Data(contentsOf: directory.appendingPathComponent(file))
    }

    static func advisory(_ file: String) throws -> OSVAdvisory {
        try OSVAdvisory(data: data(file))
    }

    /// Every fixture record, in file-name order.
    static func all() throws -> [OSVAdvisory] {
        let files = try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { $0.hasSuffix(".json") }.sorted()
        return try files.map(advisory)
    }
}

/// The `AdvisoryError` thrown by `body`, or `nil` when it threw nothing or something else.
func advisoryError(_ body: () throws -> Void) -> AdvisoryError? {
    do {
        try body()
        return nil
    } catch let error as AdvisoryError {
        return error
    } catch {
        return nil
    }
}
