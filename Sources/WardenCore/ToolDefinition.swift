import Foundation

/// A tool as proposed and, once approved, as served to agents. Immutable once recorded: a change
/// is a new version. The Swift counterpart of the source document's `MCPToolDefinition`.
public struct ToolDefinition: Sendable, Codable, Equatable {
    /// MCP tool name: 1 to 64 of letters, digits, `_`, `-`, `.`.
    public var name: String
    public var version: SemanticVersion
    public var title: String
    /// What the tool does (shown to the model).
    public var description: String
    public var purpose: String
    public var justification: String
    public var provider: ToolProvider
    public var useCases: [String]
    public var dataRequirements: DataRequirements
    /// JSON Schema of the arguments (an object schema).
    public var inputSchema: JSONValue
    /// JSON Schema of `structuredContent`, when the tool returns structured output.
    public var outputSchema: JSONValue?
    /// Names of secrets the provider needs; never their values.
    public var requiredCredentials: [String]
    /// The role a caller must hold.
    public var requiredRole: Role
    public var rateLimit: RateLimit?
    /// Milliseconds a call may take before it fails with `timeout`.
    public var timeoutMs: Int
    /// The principal (team or person) accountable for the tool.
    public var owner: String
    /// Guidance for the model: when to use the tool and how.
    public var usageGuidelines: String
    /// Known limitations, told to the model.
    public var limitations: [String]
    /// Whether calling twice with the same arguments has the effect of calling once; only such tools
    /// are retried after a transient failure. Absent means no.
    public var idempotent: Bool?
    /// MCP tool annotations, published to clients as hints (never trusted for policy).
    public var annotations: Annotations?
    /// The software the tool is built from (ecosystem, name, version), matched against imported advisories.
    public var dependencies: [PackageDependency]?
    /// A CycloneDX JSON SBOM of the tool; its components' package URLs count as dependencies too.
    public var sbom: JSONValue?
    /// Example calls with their expected outcome; the contract test runs them against the real tool.
    public var examples: [ToolExample]?
    /// How the load and reliability check exercises the tool; absent, it does not run.
    public var loadTest: LoadTestPlan?
    /// The latency and error rate the tool promises; the load check judges its figures against it.
    public var latencyObjective: LatencyObjective?
    /// Where the source of an internally built tool is (a repository URL or a path); the static-analysis check
    /// hands it to the configured scanner.
    public var sourceLocation: String?

    /// MCP tool annotations: hints about a tool's behaviour for clients and models.
    public struct Annotations: Sendable, Codable, Equatable {
        public var readOnlyHint: Bool?
        public var destructiveHint: Bool?
        public var idempotentHint: Bool?
        public var openWorldHint: Bool?

        public init(readOnlyHint: Bool? = nil, destructiveHint: Bool? = nil, idempotentHint: Bool? = nil, openWorldHint: Bool? = nil) {
            self.readOnlyHint = readOnlyHint
            self.destructiveHint = destructiveHint
            self.idempotentHint = idempotentHint
            self.openWorldHint = openWorldHint
        }
    }

    public init(name: String, version: SemanticVersion, title: String, description: String, purpose: String,
                justification: String, provider: ToolProvider, useCases: [String], dataRequirements: DataRequirements,
                inputSchema: JSONValue, outputSchema: JSONValue?, requiredCredentials: [String], requiredRole: Role,
                rateLimit: RateLimit?, timeoutMs: Int, owner: String, usageGuidelines: String, limitations: [String],
                idempotent: Bool? = nil, annotations: Annotations? = nil) {
        self.name = name
        self.version = version
        self.title = title
        self.description = description
        self.purpose = purpose
        self.justification = justification
        self.provider = provider
        self.useCases = useCases
        self.dataRequirements = dataRequirements
        self.inputSchema = inputSchema
        self.outputSchema = outputSchema
        self.requiredCredentials = requiredCredentials
        self.requiredRole = requiredRole
        self.rateLimit = rateLimit
        self.timeoutMs = timeoutMs
        self.owner = owner
        self.usageGuidelines = usageGuidelines
        self.limitations = limitations
        self.annotations = annotations
        self.idempotent = idempotent
    }

    /// The declared dependencies and those of the SBOM, without repeats. An SBOM that does not parse adds none
    /// (``problems()`` refuses such a definition at proposal).
    public var allDependencies: [PackageDependency] {
        var seen = Set<PackageDependency>()
        var out: [PackageDependency] = []
        let fromSBOM = sbom.flatMap { try? CycloneDXSBOM(json: $0).dependencies } ?? []
        for d in (dependencies ?? []) + fromSBOM where seen.insert(d).inserted { out.append(d) }
        return out
    }

    /// Which sensitivity levels the tool reads and returns.
    public struct DataRequirements: Sendable, Codable, Equatable {
        public var reads: [SensitivityLevel]
        public var returns: [SensitivityLevel]
        /// What data, in words (e.g. "customer e-mail addresses").
        public var description: String?

        public init(reads: [SensitivityLevel], returns: [SensitivityLevel], description: String? = nil) {
            self.reads = reads
            self.returns = returns
            self.description = description
        }

        /// The most sensitive level the tool touches.
        public var highest: SensitivityLevel { (reads + returns).max() ?? .public }
    }

    /// At most `requests` calls per `perSeconds` seconds.
    public struct RateLimit: Sendable, Codable, Equatable {
        public var requests: Int
        public var perSeconds: Int

        public init(requests: Int, perSeconds: Int) {
            self.requests = requests
            self.perSeconds = perSeconds
        }

        /// Calls per second, for comparing limits.
        public var ratePerSecond: Double { Double(requests) / Double(perSeconds) }
    }

    /// Whether `name` follows MCP tool naming: 1 to 64 of letters, digits, `_`, `-`, `.`.
    public static func isValidName(_ name: String) -> Bool {
        !name.isEmpty && name.utf8.count <= 64 && name.utf8.allSatisfy {
            ($0 >= 0x30 && $0 <= 0x39) || ($0 >= 0x41 && $0 <= 0x5A) || ($0 >= 0x61 && $0 <= 0x7A)
                || $0 == 0x5F || $0 == 0x2D || $0 == 0x2E
        }
    }

    /// Whether `name` is a well-formed secret name (an environment-variable-like identifier).
    public static func isValidCredentialName(_ name: String) -> Bool {
        !name.isEmpty && name.utf8.count <= 128 && name.utf8.first.map({ !($0 >= 0x30 && $0 <= 0x39) }) == true
            && name.utf8.allSatisfy { ($0 >= 0x30 && $0 <= 0x39) || ($0 >= 0x41 && $0 <= 0x5A) || ($0 >= 0x61 && $0 <= 0x7A) || $0 == 0x5F }
    }

    /// Every problem with this definition, each naming its field. Empty when the definition is acceptable.
    public func problems() -> [String] {
        var out: [String] = []
        func need(_ ok: Bool, _ field: String, _ message: String) { if !ok { out.append("\(field): \(message)") } }
        need(ToolDefinition.isValidName(name), "name", "use 1 to 64 of letters, digits, '_', '-' or '.'")
        for (field, text, limit) in [("title", title, 200), ("description", description, 8000),
                                     ("purpose", purpose, 8000), ("justification", justification, 8000),
                                     ("owner", owner, 200), ("usageGuidelines", usageGuidelines, 8000)] {
            need(!text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty, field, "must not be empty")
            need(text.count <= limit, field, "must be at most \(limit) characters")
        }
        need(!useCases.isEmpty, "useCases", "name at least one intended use case")
        need(useCases.count <= 50 && useCases.allSatisfy { !$0.isEmpty && $0.count <= 1000 }, "useCases",
             "at most 50 non-empty use cases of at most 1000 characters")
        need(limitations.count <= 50 && limitations.allSatisfy { $0.count <= 1000 }, "limitations",
             "at most 50 limitations of at most 1000 characters")
        need(!dataRequirements.reads.isEmpty || !dataRequirements.returns.isEmpty, "dataRequirements",
             "say which sensitivity levels the tool reads and returns")
        need(Set(requiredCredentials).count == requiredCredentials.count, "requiredCredentials", "names must be unique")
        need(requiredCredentials.count <= 32, "requiredCredentials", "at most 32 credentials")
        for c in requiredCredentials {
            need(ToolDefinition.isValidCredentialName(c), "requiredCredentials",
                 "'\(c.prefix(64))' is not a valid secret name (letters, digits and '_', not starting with a digit)")
        }
        need(timeoutMs >= 1 && timeoutMs <= 600_000, "timeoutMs", "must be between 1 and 600000")
        if let r = rateLimit {
            need(r.requests >= 1 && r.requests <= 1_000_000, "rateLimit.requests", "must be between 1 and 1000000")
            need(r.perSeconds >= 1 && r.perSeconds <= 86_400, "rateLimit.perSeconds", "must be between 1 and 86400")
        }
        for (field, message) in provider.problems() { out.append("\(field): \(message)") }
        if let deps = dependencies {
            need(deps.count <= 2000, "dependencies", "at most 2000 dependencies (attach an SBOM for more)")
            for d in deps.prefix(2000) {
                need(!d.name.isEmpty && d.name.utf8.count <= 512, "dependencies", "a dependency needs a name of 1 to 512 bytes")
                do { try d.ecosystem.versionScheme.validate(d.version) } catch {
                    out.append("dependencies: \(d.name.prefix(64)) \(d.version.prefix(64)) is not a \(d.ecosystem.rawValue) version: \(error)")
                }
            }
        }
        if let examples {
            need(examples.count <= 50, "examples", "at most 50 examples")
            for (i, e) in examples.prefix(50).enumerated() { out += e.problems(field: "examples[\(i)]") }
        }
        if let l = loadTest { out += l.problems() }
        if let o = latencyObjective { out += o.problems() }
        if let s = sourceLocation {
            need(!s.isEmpty && s.utf8.count <= 2000 && !s.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }),
                 "sourceLocation", "1 to 2000 bytes without control characters")
        }
        if let sbom {
            do { _ = try CycloneDXSBOM(json: sbom) } catch {
                out.append("sbom: not a CycloneDX JSON SBOM this Warden reads: \(error)")
            }
        }
        out += ToolDefinition.schemaProblems(inputSchema, field: "inputSchema", mustBeObject: true)
        if let o = outputSchema { out += ToolDefinition.schemaProblems(o, field: "outputSchema", mustBeObject: true) }
        return out
    }

    /// Throws `invalid_input` listing every problem, when there is any.
    public func validate() throws {
        let found = problems()
        guard found.isEmpty else {
            throw WardenError(.invalidInput, "the tool definition is not acceptable: " + found.joined(separator: "; "))
        }
    }

    static func schemaProblems(_ schema: JSONValue, field: String, mustBeObject: Bool) -> [String] {
        guard case .object(let members) = schema else { return ["\(field): must be a JSON Schema object"] }
        var out: [String] = []
        if mustBeObject, members["type"] != .string("object") {
            out.append("\(field): MCP requires \"type\": \"object\" at the top level")
        }
        let check = SchemaValidator.checkSchema(schema)
        for e in check.errors.prefix(10) {
            out.append("\(field)\(e.instanceLocation): \(e.message)")
        }
        if check.isValid {
            do { _ = try SchemaValidator(schema: schema) } catch let e as SchemaCompileError {
                out.append("\(field)\(e.location): \(e.message)")
            } catch { out.append("\(field): \(error)") }
        }
        return out
    }

    /// The canonical JSON of this definition (sorted keys, no whitespace).
    public var canonicalJSON: JSONValue {
        // Encoding our own Codable value cannot fail: every field is a plain value.
        (try? JSONValue.encoding(self)) ?? .null
    }

    /// SHA-256 of the canonical JSON: the identity of this exact content.
    public var digest: String { Digest.sha256Hex(canonicalJSON.canonicalData) }
}

@_exported import JSONSchema

extension JSONValue {
    /// Converts any `Encodable` value to a `JSONValue`.
    public static func encoding(_ value: some Encodable) throws -> JSONValue {
        let data = try WardenJSON.encode(value)
        return try JSONDecoder().decode(JSONValue.self, from: data)
    }

    /// Decodes a `Decodable` value from this JSON.
    public func decode<T: Decodable>(_ type: T.Type) throws -> T {
        try WardenJSON.decode(T.self, from: canonicalData)
    }
}
