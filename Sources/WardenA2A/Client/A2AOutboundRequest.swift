import Foundation
import JSONSchema
import WardenCore

/// One message Warden sends to a skill of another agent.
public struct A2AOutboundRequest: Sendable {
    /// The skill's id on the agent's card (sent as `metadata.skillId`).
    public var skill: String
    /// An object is sent as a data part, a string as a text part; it is validated against the skill's input schema first.
    public var input: JSONValue
    /// Warden's request id (for the audit record and error details); the JSON-RPC id of the first request too.
    public var requestID: String
    /// Sent as `traceparent`.
    public var trace: TraceContext?

    public init(skill: String, input: JSONValue, requestID: String = UUID().uuidString, trace: TraceContext? = nil) {
        self.skill = skill
        self.input = input
        self.requestID = requestID
        self.trace = trace
    }
}

/// What another agent answered to an ``A2AOutboundRequest``.
public struct A2AOutboundResponse: Sendable, Equatable {
    /// The target's registry name.
    public var agent: String
    /// The first data part of the answer: from the task's artifacts, else its status message, else the reply message.
    public var output: JSONValue?
    /// The text parts of the same source, joined with "\n".
    public var text: String
    /// The task's id; `nil` when the agent answered with a message.
    public var taskID: String?
    /// The task's final state as the protocol names it (`TASK_STATE_COMPLETED`); `nil` for a message reply.
    public var state: String?
    /// HTTP requests made: the first, its retries and task polls.
    public var attempts: Int

    public init(agent: String, output: JSONValue?, text: String, taskID: String?, state: String?, attempts: Int) {
        self.agent = agent
        self.output = output
        self.text = text
        self.taskID = taskID
        self.state = state
        self.attempts = attempts
    }
}
