import Foundation
import WardenCore
import WardenRuntime

/// What `tool plan` and `tool apply` share: reading a directory of definitions, comparing it with the
/// server's record through ``ToolPlan/make(local:recorded:)``, and printing the plan.
enum ToolPlanner {
    /// One definition file of the directory.
    struct LocalFile {
        /// The file name, as shown in the plan.
        var file: String
        var path: String
        var definition: Result<ToolDefinition, WardenError>
        /// The file's JSON, sent as written when the definition is proposed.
        var json: JSONValue?
    }

    static let extensions: Set<String> = ["yaml", "yml", "json"]

    /// Every `*.yaml`, `*.yml` and `*.json` file directly in `directory` (not recursive), sorted by name.
    static func read(directory: String) throws -> [LocalFile] {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory) else {
            throw CLIFailure.usage("\(directory): no such directory")
        }
        guard isDirectory.boolValue else { throw CLIFailure.usage("\(directory): not a directory; give the directory holding the definitions") }
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: directory)
        } catch {
            throw CLIFailure.usage("\(directory): cannot list the directory: \(ClientOptions.reason(error))")
        }
        let base = URL(fileURLWithPath: directory)
        var files: [LocalFile] = []
        for name in names.sorted() where !name.hasPrefix(".") {
            let ext = (name as NSString).pathExtension.lowercased()
            guard extensions.contains(ext) else { continue }
            let path = base.appendingPathComponent(name).path
            var isDir: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDir), !isDir.boolValue else { continue }
            do {
                let (definition, json) = try DocumentLoader.loadStrict(ToolDefinition.self, path: path, what: "tool definition")
                files.append(LocalFile(file: name, path: path, definition: .success(definition), json: json))
            } catch {
                // The plan names the file itself; drop the path prefix from the message.
                var message = error.message
                if message.hasPrefix(path + ": ") { message.removeFirst(path.count + 2) }
                files.append(LocalFile(file: name, path: path, definition: .failure(.invalidInput(message)), json: nil))
            }
        }
        return files
    }

    /// The plan for `files` against the server's record.
    static func plan(_ files: [LocalFile], api: WardenClient) async throws -> ToolPlan {
        var names: [String] = []
        for f in files {
            if case .success(let d) = f.definition, ToolDefinition.isValidName(d.name), !names.contains(d.name) {
                names.append(d.name)
            }
        }
        var recorded: [String: [ToolPlan.RecordedVersion]] = [:]
        for name in names.sorted() {
            do {
                let detail = try await api.get(ToolDetail.self, ["v1", "tools", name]).value
                recorded[name] = detail.versions.map { ToolPlan.RecordedVersion(definition: $0.definition, digest: $0.digest) }
            } catch let e as APIError where e.status == 404 && e.code == WardenError.Code.notFound.rawValue {
                recorded[name] = []
            }
        }
        return ToolPlan.make(local: files.map { ($0.file, $0.definition) }, recorded: recorded)
    }

    /// Prints the plan: a line per file with its action, the changes of new versions and conflicts, and a summary.
    static func printPlan(_ plan: ToolPlan, directory: String) {
        if plan.items.isEmpty {
            print("no changes (no *.yaml, *.yml or *.json files in \(directory))")
            return
        }
        let fileWidth = plan.items.map(\.file.count).max() ?? 0
        let subjects = plan.items.map { item in [item.name, item.version].compactMap { $0 }.joined(separator: " ") }
        let subjectWidth = subjects.map(\.count).max() ?? 0
        for (item, subject) in zip(plan.items, subjects) {
            let mark: String
            switch item.action {
            case .proposeTool: mark = "+"
            case .proposeVersion: mark = "~"
            case .unchanged: mark = "="
            case .conflict, .invalid: mark = "!"
            }
            var line = "\(mark) \(pad(item.file, fileWidth))  \(pad(subject, subjectWidth))  \(item.action.rawValue)"
            if let detail = item.detail { line += ": \(detail)" }
            print(line)
            if item.action == .proposeVersion || item.action == .conflict, let changes = item.changes {
                for l in Output.changeLines(changes, indent: "      ") { print(l) }
            }
        }
        print(summary(plan))
    }

    static func summary(_ plan: ToolPlan) -> String {
        func n(_ a: ToolPlan.Action) -> Int { plan.items.filter { $0.action == a }.count }
        if !plan.hasChanges && !plan.hasErrors {
            return "no changes: \(Output.count(plan.items.count, "definition")) match the server's record"
        }
        var parts: [String] = []
        if n(.proposeTool) > 0 { parts.append(Output.count(n(.proposeTool), "new tool")) }
        if n(.proposeVersion) > 0 { parts.append(Output.count(n(.proposeVersion), "new version")) }
        if n(.unchanged) > 0 { parts.append("\(n(.unchanged)) unchanged") }
        if n(.conflict) > 0 { parts.append(Output.count(n(.conflict), "conflict")) }
        if n(.invalid) > 0 { parts.append("\(n(.invalid)) invalid") }
        return "Plan: " + parts.joined(separator: ", ") + "."
    }

    private static func pad(_ s: String, _ width: Int) -> String {
        s + String(repeating: " ", count: max(0, width - s.count))
    }
}
