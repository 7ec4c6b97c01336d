/// What `warden tool plan` would do with a directory of definitions, compared with the server's record.
public struct ToolPlan: Sendable, Codable, Equatable {
    public enum Action: String, Sendable, Codable {
        /// A tool the server does not know yet: propose it.
        case proposeTool = "propose_tool"
        /// A new version of a known tool: propose it.
        case proposeVersion = "propose_version"
        /// The server already has this exact version.
        case unchanged
        /// The server has this version with different content: versions are immutable, bump it.
        case conflict
        /// The file does not hold an acceptable definition.
        case invalid
    }

    public struct Item: Sendable, Codable, Equatable {
        public var file: String
        public var name: String?
        public var version: String?
        public var action: Action
        public var detail: String?
        /// For a new version: what changed since the newest version on record.
        public var changes: [JSONChange]?
    }

    /// A version known to the server.
    public struct RecordedVersion: Sendable {
        public var definition: ToolDefinition
        public var digest: String
        public init(definition: ToolDefinition, digest: String) {
            self.definition = definition
            self.digest = digest
        }
    }

    public var items: [Item]

    /// Whether applying would submit anything.
    public var hasChanges: Bool { items.contains { $0.action == .proposeTool || $0.action == .proposeVersion } }
    /// Whether any file blocks applying.
    public var hasErrors: Bool { items.contains { $0.action == .conflict || $0.action == .invalid } }

    /// Compares local files with the record.
    /// - Parameters:
    ///   - local: each file and what it parsed to (or why it did not).
    ///   - recorded: the versions on record, by tool name.
    public static func make(local: [(file: String, definition: Result<ToolDefinition, WardenError>)],
                            recorded: [String: [RecordedVersion]]) -> ToolPlan {
        var items: [Item] = []
        var seen: [String: String] = [:]
        for (file, parsed) in local.sorted(by: { $0.file < $1.file }) {
            switch parsed {
            case .failure(let e):
                items.append(Item(file: file, action: .invalid, detail: e.message))
            case .success(let d):
                let key = "\(d.name)@\(d.version)"
                if let other = seen[key] {
                    items.append(Item(file: file, name: d.name, version: "\(d.version)", action: .invalid,
                                      detail: "\(key) is also defined in \(other)"))
                    continue
                }
                seen[key] = file
                let problems = d.problems()
                if !problems.isEmpty {
                    items.append(Item(file: file, name: d.name, version: "\(d.version)", action: .invalid,
                                      detail: problems.joined(separator: "; ")))
                    continue
                }
                let versions = recorded[d.name] ?? []
                if let same = versions.first(where: { $0.definition.version == d.version }) {
                    if same.digest == d.digest {
                        items.append(Item(file: file, name: d.name, version: "\(d.version)", action: .unchanged))
                    } else {
                        items.append(Item(file: file, name: d.name, version: "\(d.version)", action: .conflict,
                                          detail: "version \(d.version) is on record with different content; versions are immutable, so give this one a new version number",
                                          changes: JSONDiff.changes(from: same.definition.canonicalJSON, to: d.canonicalJSON)))
                    }
                } else if let newest = versions.max(by: { $0.definition.version < $1.definition.version }) {
                    items.append(Item(file: file, name: d.name, version: "\(d.version)", action: .proposeVersion,
                                      detail: "new version after \(newest.definition.version)",
                                      changes: JSONDiff.changes(from: newest.definition.canonicalJSON, to: d.canonicalJSON)))
                } else {
                    items.append(Item(file: file, name: d.name, version: "\(d.version)", action: .proposeTool))
                }
            }
        }
        return ToolPlan(items: items)
    }
}
