import Foundation
import WardenCore
import WardenRuntime
import WardenStore

/// Warden as an A2A server: each skill is a governed tool, and each `SendMessage` is one call of it through the
/// invocation pipeline (authorize by the tool's role, validate input, throttle per caller, perform, validate
/// output, audit with transport `a2a`). Tasks are kept per caller; `GetTask`, `ListTasks` and `CancelTask` only
/// ever see the caller's own. The transport (WardenServer) authenticates before calling ``handle(_:principal:requestID:trace:)``.
public struct A2AServer: Sendable {
    public let pipeline: InvocationPipeline
    public let skills: [A2ASkillBinding]
    public let tasks: A2ATaskStore
    /// Masks or removes what a caller is not cleared for before it leaves.
    public let minimizer: A2AOutboundMinimizer
    /// Where the minimization of each answer is recorded (digests and pointers, never the data).
    let audit: AuditWriter?

    /// What one request answers: a JSON-RPC response, or a stream of SSE frames.
    public enum Answer: Sendable {
        case json(JSONValue)
        case stream([Data])
    }

    public init(pipeline: InvocationPipeline, skills: [A2ASkillBinding], tasks: A2ATaskStore = A2ATaskStore(),
                minimizer: A2AOutboundMinimizer = A2AOutboundMinimizer(), audit: AuditWriter? = nil) {
        self.minimizer = minimizer
        self.audit = audit
        self.pipeline = pipeline
        self.skills = skills
        self.tasks = tasks
    }

    /// Answers one parsed request for an authenticated `principal`. Never throws: every refusal is an A2A error in
    /// the client's protocol version, with Warden's stable code in its metadata.
    public func handle(_ request: A2AServerRequest, principal: Principal, requestID: String, trace: TraceContext? = nil) async -> Answer {
        do {
            switch request.params {
            case .sendMessage(let send):
                let task = try await run(send, principal: principal, requestID: requestID, trace: trace)
                if request.operation.isStreaming {
                    return .stream(Self.events(of: task).map(request.event))
                }
                return .json(request.response(.task(task)))
            case .getTask(let get):
                guard var task = tasks.task(get.id, owner: principal.id) else { throw A2AError.taskNotFound(get.id) }
                if let n = get.historyLength, n >= 0 { task.history = Array(task.history.suffix(Int(n))) }
                return .json(request.response(task: task))
            case .listTasks(let list):
                return .json(request.response(listing(list, owner: principal.id)))
            case .cancelTask(let cancel):
                guard let task = tasks.task(cancel.id, owner: principal.id) else { throw A2AError.taskNotFound(cancel.id) }
                if task.status?.state.isTerminal ?? false {
                    throw A2AError.taskNotCancelable("task \(task.id.prefix(64)) is \(task.status?.state.rawValue ?? "finished") already; only a running task can be canceled")
                }
                var canceled = task
                canceled.status = A2ATaskStatus(state: .canceled, timestamp: ProtoTimestamp(Date()))
                tasks.put(canceled, owner: principal.id)
                return .json(request.response(task: canceled))
            case .subscribeToTask(let sub):
                guard let task = tasks.task(sub.id, owner: principal.id) else { throw A2AError.taskNotFound(sub.id) }
                // Warden's tasks finish within the request that made them, so there is nothing left to stream.
                throw A2AError.unsupportedOperation("task \(task.id.prefix(64)) has finished; read it with GetTask")
            case .other:
                if request.operation.rawValue.lowercased().contains("push") { throw A2AError.pushNotificationNotSupported() }
                throw A2AError.unsupportedOperation("\(request.operation.rawValue) is not supported by this agent")
            }
        } catch let e as A2AError {
            return .json(request.errorResponse(e))
        } catch let e as WardenError {
            return .json(request.errorResponse(A2AError(e, requestID: requestID)))
        } catch {
            return .json(request.errorResponse(A2AError(WardenError(.internal, "unexpected"), requestID: requestID)))
        }
    }

    /// The skill a message asks for: `metadata.skillId` (or `skill`), else the only skill there is.
    func skill(for send: SendMessageRequest) throws -> A2ASkillBinding {
        let meta = (send.message?.metadata ?? [:]).merging(send.metadata ?? [:]) { a, _ in a }
        if let id = (meta["skillId"] ?? meta["skill"])?.stringValue {
            guard let s = skills.first(where: { $0.id == id }) else {
                throw WardenError.invalidInput("this agent has no skill '\(id.prefix(64))'; its card lists: \(skills.map(\.id).joined(separator: ", "))")
            }
            return s
        }
        guard skills.count == 1, let only = skills.first else {
            throw WardenError.invalidInput(skills.isEmpty ? "this agent exposes no skills"
                : "name the skill in the message's metadata.skillId; the card lists: \(skills.map(\.id).joined(separator: ", "))")
        }
        return only
    }

    /// The tool arguments a message carries: its first data part (an object), or, for a tool whose input is a
    /// single string property, its text.
    func arguments(of message: A2AMessage, for tool: ServingTool?) throws -> JSONValue {
        if let data = message.parts.lazy.compactMap(\.data).first {
            guard case .object = data else { throw WardenError.invalidInput("the data part must be a JSON object: the skill's input") }
            return data
        }
        let text = message.parts.compactMap(\.text).joined(separator: "\n")
        if !text.isEmpty, let tool, case .object(let props)? = tool.definition.inputSchema["properties"], props.count == 1,
           let (name, schema) = props.first, schema["type"] == "string" {
            return .object([name: .string(text)])
        }
        throw WardenError.invalidInput("send the skill's input as a data part (its schema is in the card's \(SkillSchemasExtension.uri) extension)")
    }

    func run(_ send: SendMessageRequest, principal: Principal, requestID: String, trace: TraceContext?) async throws -> A2ATask {
        guard let message = send.message else { throw A2AError.invalidParams("Validation failed") }
        let skill = try skill(for: send)
        let tool = pipeline.registry.tool(named: skill.tool)
        let arguments = try arguments(of: message, for: tool)
        let taskID = UUID().uuidString.lowercased()
        let contextID = message.contextId.isEmpty ? UUID().uuidString.lowercased() : message.contextId
        var incoming = message
        incoming.taskId = taskID
        incoming.contextId = contextID
        let raw = try await pipeline.call(GovernedCall(principal: principal, toolName: skill.tool, arguments: arguments,
                                                       requestID: requestID, transport: "a2a", trace: trace))
        let result = try await minimized(raw, toolName: skill.tool, principal: principal, requestID: requestID)
        var parts: [A2APart] = []
        if let structured = result.structuredContent { parts.append(.data(structured)) }
        if !result.text.isEmpty { parts.append(.text(result.text)) }
        let now = ProtoTimestamp(Date())
        let reply = A2AMessage(messageId: UUID().uuidString.lowercased(), role: .agent, parts: parts.isEmpty ? [.text("")] : parts,
                               contextId: contextID, taskId: taskID)
        let task: A2ATask
        if result.isError {
            task = A2ATask(id: taskID, contextId: contextID, status: A2ATaskStatus(state: .failed, message: reply, timestamp: now),
                           history: [incoming], metadata: ["skillId": .string(skill.id)])
        } else {
            task = A2ATask(id: taskID, contextId: contextID, status: A2ATaskStatus(state: .completed, timestamp: now),
                           artifacts: [A2AArtifact(artifactId: UUID().uuidString.lowercased(), parts: parts, name: skill.id)],
                           history: [incoming, reply], metadata: ["skillId": .string(skill.id)])
        }
        tasks.put(task, owner: principal.id)
        return task
    }

    /// `raw` as the caller may receive it. A change, or a refusal, is an audit event `a2a.minimized` with the
    /// report's digests and pointers; a refusal is `policy_violation`.
    func minimized(_ raw: ToolResult, toolName: String, principal: Principal, requestID: String) async throws -> ToolResult {
        guard let tool = pipeline.registry.tool(named: toolName) else { return raw }
        let subject = "tool:\(tool.definition.name)@\(tool.definition.version)"
        do {
            let (result, report) = try minimizer.minimize(raw, tool: tool, for: principal)
            if report.changed, let audit {
                _ = try await audit.append(AuditDraft(actor: principal.id, action: "a2a.minimized", subject: subject, requestID: requestID,
                                                      outcome: .success, detail: report.auditDetail), at: Date())
            }
            return result
        } catch let e as WardenError {
            if let audit {
                var detail = e.details
                detail["error"] = e.code.rawValue
                _ = try? await audit.append(AuditDraft(actor: principal.id, action: "a2a.minimized", subject: subject, requestID: requestID,
                                                       outcome: .denied, detail: detail), at: Date())
            }
            throw e
        }
    }

    /// The events of a finished task as a stream tells it: the task as submitted, its artifacts, the final status.
    static func events(of task: A2ATask) -> [StreamResponse] {
        var submitted = task
        submitted.status = A2ATaskStatus(state: .submitted, timestamp: task.status?.timestamp)
        submitted.artifacts = []
        submitted.history = Array(task.history.prefix(1))
        var out: [StreamResponse] = [.task(submitted)]
        for a in task.artifacts {
            out.append(.artifactUpdate(TaskArtifactUpdateEvent(taskId: task.id, contextId: task.contextId, artifact: a, lastChunk: true)))
        }
        if let status = task.status {
            out.append(.statusUpdate(TaskStatusUpdateEvent(taskId: task.id, contextId: task.contextId, status: status)))
        }
        return out
    }

    func listing(_ r: ListTasksRequest, owner: String) -> ListTasksResponse {
        let all = tasks.tasks(owner: owner, contextId: r.contextId, state: r.status)
        let size = Int(min(max(r.pageSize ?? 50, 1), 100))
        let start = Int(r.pageToken) ?? 0
        let page = Array(all.dropFirst(start).prefix(size)).map { t -> A2ATask in
            var t = t
            if let n = r.historyLength, n >= 0 { t.history = Array(t.history.suffix(Int(n))) }
            return t
        }
        let next = start + page.count < all.count ? String(start + page.count) : ""
        return ListTasksResponse(tasks: page, nextPageToken: next, pageSize: Int32(page.count), totalSize: Int32(all.count))
    }
}
