import Foundation
import JSONSchema

// Conversions between 0.3 and 1.0, field by field as a2a-sdk's `a2a.compat.v0_3.conversions` does them, so a
// Warden peer and an a2a-sdk peer see the same values. What 0.3 cannot say is lost going down: the media type of
// text and data parts, 1.0's `tenant`, and a 0.3 state or role outside the enums (read as unknown).

extension A2APart {
    /// The 1.0 part of a 0.3 part (`to_core_part`).
    /// - Throws: ``ProtoJSONError`` when a file's `bytes` are not base64.
    public init(v03 part: A2AV03.Part) throws(ProtoJSONError) {
        switch part {
        case .text(let t, let metadata):
            self.init(.text(t), metadata: metadata)
        case .data(let d, let metadata):
            var meta = metadata
            let compat = meta?.removeValue(forKey: "data_part_compat") == .bool(true)
            // A non-object 1.0 value travels as {"value": v} with data_part_compat in the metadata.
            let value: JSONValue = compat ? (d["value"] ?? .null) : .object(d)
            self.init(.data(value), metadata: (meta?.isEmpty ?? true) ? nil : meta)
        case .file(let f, let metadata):
            switch f.content {
            case .bytes(let b):
                guard let data = ProtoBase64.decode(b) else {
                    throw ProtoJSONError(path: "file.bytes", problem: "not base64")
                }
                self.init(.raw(data), mediaType: f.mimeType ?? "", filename: f.name ?? "", metadata: metadata)
            case .uri(let u):
                self.init(.url(u), mediaType: f.mimeType ?? "", filename: f.name ?? "", metadata: metadata)
            }
        }
    }

    /// The 0.3 form of this part (`to_compat_part`).
    public var v03: A2AV03.Part {
        let media = mediaType.isEmpty ? nil : mediaType
        let name = filename.isEmpty ? nil : filename
        switch content {
        case .text(let t):
            return .text(t, metadata: metadata)
        case .data(let v):
            if case .object(let o) = v { return .data(o, metadata: metadata) }
            var meta = metadata ?? [:]
            meta["data_part_compat"] = true
            return .data(["value": v], metadata: meta)
        case .raw(let d):
            return .file(.init(.bytes(ProtoBase64.encode(d)), mimeType: media, name: name), metadata: metadata)
        case .url(let u):
            return .file(.init(.uri(u), mimeType: media, name: name), metadata: metadata)
        }
    }
}

extension A2AMessage {
    /// The 1.0 message of a 0.3 message (`to_core_message`).
    /// - Throws: ``ProtoJSONError`` when a file part's bytes are not base64.
    public init(v03 m: A2AV03.Message) throws(ProtoJSONError) {
        var parts: [A2APart] = []
        for p in m.parts { parts.append(try A2APart(v03: p)) }
        self.init(messageId: m.messageId, role: m.role == .user ? .user : .agent, parts: parts,
                  contextId: m.contextId ?? "", taskId: m.taskId ?? "", metadata: A2AV03.nonEmpty(m.metadata),
                  extensions: m.extensions ?? [], referenceTaskIds: m.referenceTaskIds ?? [])
    }

    /// The 0.3 form of this message (`to_compat_message`); any role but user becomes agent.
    public var v03: A2AV03.Message {
        A2AV03.Message(messageId: messageId, role: role == .user ? .user : .agent, parts: parts.map(\.v03),
                       contextId: contextId.isEmpty ? nil : contextId, taskId: taskId.isEmpty ? nil : taskId,
                       referenceTaskIds: referenceTaskIds.isEmpty ? nil : referenceTaskIds,
                       metadata: A2AV03.nonEmpty(metadata), extensions: extensions.isEmpty ? nil : extensions)
    }
}

extension A2ATaskState {
    /// The 1.0 state of a 0.3 state; `unknown` is `.unspecified`.
    public init(v03 s: A2AV03.TaskState) {
        switch s {
        case .submitted: self = .submitted
        case .working: self = .working
        case .inputRequired: self = .inputRequired
        case .completed: self = .completed
        case .canceled: self = .canceled
        case .failed: self = .failed
        case .rejected: self = .rejected
        case .authRequired: self = .authRequired
        case .unknown: self = .unspecified
        }
    }

    /// The 0.3 state; `.unspecified` is `unknown`.
    public var v03: A2AV03.TaskState {
        switch self {
        case .submitted: .submitted
        case .working: .working
        case .inputRequired: .inputRequired
        case .completed: .completed
        case .canceled: .canceled
        case .failed: .failed
        case .rejected: .rejected
        case .authRequired: .authRequired
        case .unspecified: .unknown
        }
    }
}

extension A2ATaskStatus {
    /// The 1.0 status of a 0.3 status; a timestamp that is not RFC 3339 is dropped.
    public init(v03 s: A2AV03.TaskStatus) throws(ProtoJSONError) {
        self.init(state: A2ATaskState(v03: s.state), message: try s.message.map { m throws(ProtoJSONError) in try A2AMessage(v03: m) },
                  timestamp: s.timestamp.flatMap { ProtoTimestamp(rfc3339: $0) })
    }

    public var v03: A2AV03.TaskStatus {
        A2AV03.TaskStatus(state: state.v03, message: message?.v03, timestamp: timestamp?.rfc3339)
    }
}

extension A2AArtifact {
    public init(v03 a: A2AV03.Artifact) throws(ProtoJSONError) {
        var parts: [A2APart] = []
        for p in a.parts { parts.append(try A2APart(v03: p)) }
        self.init(artifactId: a.artifactId, parts: parts, name: a.name ?? "", description: a.description ?? "",
                  metadata: A2AV03.nonEmpty(a.metadata), extensions: a.extensions ?? [])
    }

    public var v03: A2AV03.Artifact {
        A2AV03.Artifact(artifactId: artifactId, parts: parts.map(\.v03), name: name.isEmpty ? nil : name,
                        description: description.isEmpty ? nil : description, metadata: metadata,
                        extensions: extensions.isEmpty ? nil : extensions)
    }
}

extension A2ATask {
    public init(v03 t: A2AV03.Task) throws(ProtoJSONError) {
        var history: [A2AMessage] = []
        for m in t.history ?? [] { history.append(try A2AMessage(v03: m)) }
        var artifacts: [A2AArtifact] = []
        for a in t.artifacts ?? [] { artifacts.append(try A2AArtifact(v03: a)) }
        self.init(id: t.id, contextId: t.contextId, status: try A2ATaskStatus(v03: t.status), artifacts: artifacts,
                  history: history, metadata: A2AV03.nonEmpty(t.metadata))
    }

    /// The 0.3 form; a task without status has state `unknown`.
    public var v03: A2AV03.Task {
        A2AV03.Task(id: id, contextId: contextId, status: status?.v03 ?? A2AV03.TaskStatus(state: .unknown),
                    history: history.isEmpty ? nil : history.map(\.v03),
                    artifacts: artifacts.isEmpty ? nil : artifacts.map(\.v03), metadata: metadata)
    }
}

extension TaskStatusUpdateEvent {
    /// The 1.0 event; 0.3's `final` is dropped (1.0 ends the stream instead).
    public init(v03 e: A2AV03.TaskStatusUpdateEvent) throws(ProtoJSONError) {
        self.init(taskId: e.taskId, contextId: e.contextId, status: try A2ATaskStatus(v03: e.status),
                  metadata: A2AV03.nonEmpty(e.metadata))
    }

    /// The 0.3 event; `final` is true for the terminal states.
    public var v03: A2AV03.TaskStatusUpdateEvent {
        let s = status?.v03 ?? A2AV03.TaskStatus(state: .unknown)
        let final = [.completed, .canceled, .failed, .rejected].contains(s.state)
        return A2AV03.TaskStatusUpdateEvent(taskId: taskId, contextId: contextId, status: s, final: final, metadata: metadata)
    }
}

extension TaskArtifactUpdateEvent {
    public init(v03 e: A2AV03.TaskArtifactUpdateEvent) throws(ProtoJSONError) {
        self.init(taskId: e.taskId, contextId: e.contextId, artifact: try A2AArtifact(v03: e.artifact),
                  append: e.append ?? false, lastChunk: e.lastChunk ?? false, metadata: A2AV03.nonEmpty(e.metadata))
    }

    /// The 0.3 event; `append` and `lastChunk` are always written.
    public var v03: A2AV03.TaskArtifactUpdateEvent {
        A2AV03.TaskArtifactUpdateEvent(taskId: taskId, contextId: contextId,
                                       artifact: artifact?.v03 ?? A2AV03.Artifact(artifactId: "", parts: []),
                                       append: append, lastChunk: lastChunk, metadata: metadata)
    }
}

extension StreamResponse {
    public init(v03 r: A2AV03.StreamResult) throws(ProtoJSONError) {
        switch r {
        case .task(let t): self = .task(try A2ATask(v03: t))
        case .message(let m): self = .message(try A2AMessage(v03: m))
        case .statusUpdate(let e): self = .statusUpdate(try TaskStatusUpdateEvent(v03: e))
        case .artifactUpdate(let e): self = .artifactUpdate(try TaskArtifactUpdateEvent(v03: e))
        }
    }

    public var v03: A2AV03.StreamResult {
        switch self {
        case .task(let t): .task(t.v03)
        case .message(let m): .message(m.v03)
        case .statusUpdate(let e): .statusUpdate(e.v03)
        case .artifactUpdate(let e): .artifactUpdate(e.v03)
        }
    }
}

extension SendMessageResponse {
    public init(v03 r: A2AV03.StreamResult) throws(ProtoJSONError) {
        switch r {
        case .task(let t): self = .task(try A2ATask(v03: t))
        case .message(let m): self = .message(try A2AMessage(v03: m))
        default: throw ProtoJSONError(path: "kind", problem: "message/send answers with a task or a message, not an update event")
        }
    }

    public var v03: A2AV03.StreamResult {
        switch self {
        case .task(let t): .task(t.v03)
        case .message(let m): .message(m.v03)
        }
    }
}

extension TaskPushNotificationConfig {
    public init(v03 c: A2AV03.PushNotificationConfig) {
        self.init(url: c.url, id: c.id ?? "", token: c.token ?? "",
                  authentication: c.authenticationSchemes.map {
                      AuthenticationInfo(scheme: $0.first ?? "", credentials: c.authenticationCredentials ?? "")
                  })
    }

    public var v03: A2AV03.PushNotificationConfig {
        A2AV03.PushNotificationConfig(url: url, id: id.isEmpty ? nil : id, token: token.isEmpty ? nil : token,
                                      authenticationSchemes: authentication.map { $0.scheme.isEmpty ? [] : [$0.scheme] },
                                      authenticationCredentials: authentication.flatMap { $0.credentials.isEmpty ? nil : $0.credentials })
    }
}

extension SendMessageConfiguration {
    /// 0.3 `historyLength: 0` means "no limit", so it is left unset; `blocking: false` is `returnImmediately`.
    public init(v03 c: A2AV03.MessageSendConfiguration) {
        self.init(acceptedOutputModes: c.acceptedOutputModes ?? [],
                  taskPushNotificationConfig: c.pushNotificationConfig.map(TaskPushNotificationConfig.init(v03:)),
                  historyLength: c.historyLength == 0 ? nil : c.historyLength,
                  returnImmediately: c.blocking.map { !$0 } ?? false)
    }

    public var v03: A2AV03.MessageSendConfiguration {
        A2AV03.MessageSendConfiguration(acceptedOutputModes: acceptedOutputModes.isEmpty ? nil : acceptedOutputModes,
                                        blocking: !returnImmediately, historyLength: historyLength,
                                        pushNotificationConfig: taskPushNotificationConfig?.v03)
    }
}

extension SendMessageRequest {
    public init(v03 p: A2AV03.MessageSendParams) throws(ProtoJSONError) {
        self.init(message: try A2AMessage(v03: p.message), configuration: p.configuration.map(SendMessageConfiguration.init(v03:)),
                  metadata: A2AV03.nonEmpty(p.metadata))
    }

    /// The 0.3 params; `tenant` has no 0.3 form and is dropped.
    public var v03: A2AV03.MessageSendParams {
        A2AV03.MessageSendParams(message: message?.v03 ?? A2AV03.Message(messageId: "", role: .user, parts: []),
                                 configuration: configuration?.v03, metadata: metadata)
    }
}

extension GetTaskRequest {
    public init(v03 p: A2AV03.TaskParams) {
        self.init(id: p.id, historyLength: p.historyLength == 0 ? nil : p.historyLength)
    }

    public var v03: A2AV03.TaskParams { A2AV03.TaskParams(id: id, historyLength: historyLength) }
}

extension CancelTaskRequest {
    public init(v03 p: A2AV03.TaskParams) {
        self.init(id: p.id, metadata: A2AV03.nonEmpty(p.metadata))
    }

    public var v03: A2AV03.TaskParams { A2AV03.TaskParams(id: id, metadata: metadata) }
}

extension SubscribeToTaskRequest {
    public init(v03 p: A2AV03.TaskParams) {
        self.init(id: p.id)
    }

    public var v03: A2AV03.TaskParams { A2AV03.TaskParams(id: id) }
}

extension A2AV03 {
    /// a2a-sdk copies 0.3 metadata into 1.0 only when it is not empty.
    static func nonEmpty(_ m: [String: JSONValue]?) -> [String: JSONValue]? {
        guard let m, !m.isEmpty else { return nil }
        return m
    }
}
