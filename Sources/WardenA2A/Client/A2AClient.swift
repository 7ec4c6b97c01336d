import AsyncHTTPClient
import Foundation
import JSONSchema
import NIOCore
import NIOHTTP1
import NIOSSL
import Synchronization
import WardenCore
import WardenRuntime

/// Warden calling another agent over A2A JSON-RPC (the source document's `A2ACommunicationService`): protocol 1.0
/// (`SendMessage`, `GetTask`, header `A2A-Version: 1.0`) or 0.3 (`message/send`, `tasks/get`) as the target says.
///
/// One ``send(_:to:)`` is, in order: the client-side rate limit of the target (key `a2a:<name>`), its circuit breaker
/// (key: its name), the input schema of the skill, one `SendMessage` retried on transient failures with exponential
/// backoff and full jitter (``A2AClientConfiguration/retry``) and `Retry-After`, `GetTask` polls while the task is
/// submitted or working, and the output schema of the skill; the target's ``A2ATarget/timeout`` bounds it all. How
/// each failure maps to a ``WardenError`` code, whether it is retried and whether it trips the breaker is tabled on
/// ``A2AClientFailure``. Thread-safe; one client serves every target.
public final class A2AClient: Sendable {
    /// The default for ``init(configuration:httpClient:)``, one for the process (never shut down): it follows no
    /// redirects (a redirect would carry Warden's credentials to another URL), connects within 5 s, and reports a
    /// failed connection at once instead of trying again until the deadline, so the client's own retry policy and
    /// error codes apply to unreachable agents too.
    public static let defaultHTTPClient: HTTPClient = {
        var config = HTTPClient.Configuration(redirectConfiguration: .disallow)
        config.timeout.connect = .seconds(5)
        config.connectionPool = .init(idleTimeout: .seconds(60), concurrentHTTP1ConnectionsPerHostSoftLimit: 64)
        config.connectionPool.retryConnectionEstablishment = false
        config.tracing.tracer = nil
        return HTTPClient(eventLoopGroupProvider: .singleton, configuration: config)
    }()

    public let configuration: A2AClientConfiguration
    /// One breaker per target name, for metrics.
    public let breakers: CircuitBreakers
    /// The client-side rate limits, keyed `a2a:<target name>`.
    public let rateLimiter: RateLimiter
    let httpClient: HTTPClient
    let validators = A2ASkillValidators()

    /// - Parameter httpClient: should not follow redirects; see ``defaultHTTPClient``.
    public init(configuration: A2AClientConfiguration = .init(), httpClient: HTTPClient = A2AClient.defaultHTTPClient) {
        self.configuration = configuration
        self.httpClient = httpClient
        breakers = CircuitBreakers(configuration: configuration.breaker)
        rateLimiter = RateLimiter()
    }

    /// Sends one message to the target's skill and returns its answer.
    ///
    /// Nothing is sent when the rate limit, the breaker or the input schema refuses.
    /// - Throws: ``WardenError`` only (cancellation of the calling task included, as `timeout`): its code, details and
    ///   retry behaviour per failure are tabled on ``A2AClientFailure``. The details always hold `agent`, and
    ///   `attempts` once a request was made; no message or detail holds a credential.
    public func send(_ request: A2AOutboundRequest, to target: A2ATarget) async throws -> A2AOutboundResponse {
        let progress = Progress()
        do {
            return try await guarded(request, to: target, progress: progress)
        } catch {
            let failure: A2AClientFailure
            switch error {
            case let f as A2AClientFailure: failure = f
            case let e as WardenError where e.code == .timeout:
                failure = .deadline(timeout: target.timeout, last: progress.lastProblem)
            case is CancellationError:
                failure = .deadline(timeout: target.timeout, last: "the call was cancelled")
            default:
                failure = .unreachable("unexpected error")
            }
            let redactor = SecretRedactor(values: target.authentication.secretValues + progress.tokens)
            throw redactor.redact(failure.wardenError(agent: target.name, attempts: progress.attempts))
        }
    }

    private func guarded(_ request: A2AOutboundRequest, to target: A2ATarget, progress: Progress) async throws -> A2AOutboundResponse {
        let started = ContinuousClock.now
        if let limit = target.rateLimit,
           case .limited(let wait) = rateLimiter.acquire("a2a:\(target.name)", limit: limit, at: started) {
            throw A2AClientFailure.rateLimited(retryAfter: wait)
        }
        let breaker = breakers.breaker(for: target.name)
        // An open circuit refuses before anything else is looked at; a half-open one gives its probe slot only to a
        // call that will be sent (below), so a refused input cannot hold the slot.
        var permitted = false
        if breaker.state(at: started) == .open {
            // Throws unless the cool-down ended in between; then this call holds the probe slot already.
            try permit(breaker)
            permitted = true
        }
        let compiled = try validators.validators(for: request.skill, of: target)
        if let input = compiled.input {
            let result = input.validate(request.input)
            guard result.isValid else {
                throw A2AClientFailure.invalidInput(skill: request.skill, problems: A2ASkillValidators.summary(result))
            }
        }
        if !permitted { try permit(breaker) }

        let deadline = started + target.timeout
        do {
            let response = try await withTimeout(target.timeout) {
                try await self.exchange(request, to: target, deadline: deadline, progress: progress)
            }
            if let output = compiled.output {
                guard let value = response.output else {
                    throw A2AClientFailure.invalidOutput(skill: request.skill, problems: "the answer has no data part")
                }
                let result = output.validate(value)
                guard result.isValid else {
                    throw A2AClientFailure.invalidOutput(skill: request.skill, problems: A2ASkillValidators.summary(result))
                }
            }
            breaker.recordSuccess(at: .now)
            return response
        } catch is CancellationError {
            throw CancellationError()
        } catch {
            let failure = error as? A2AClientFailure
            if failure?.countsAgainstAgent ?? true {
                breaker.recordFailure(at: .now)
            } else if case .credentials? = failure {
                // The token endpoint failed: the agent was not asked, so its health is unknown.
            } else {
                // The agent answered (with a refusal of this request): it is alive.
                breaker.recordSuccess(at: .now)
            }
            throw error
        }
    }

    private func permit(_ breaker: CircuitBreaker) throws(A2AClientFailure) {
        do {
            try breaker.permit(at: .now)
        } catch {
            let ms = error.details["retryAfterMs"].flatMap { Int64($0) } ?? 1
            throw .circuitOpen(retryAfter: .milliseconds(ms))
        }
    }

    // MARK: the exchange

    private func exchange(_ request: A2AOutboundRequest, to target: A2ATarget, deadline: ContinuousClock.Instant,
                          progress: Progress) async throws -> A2AOutboundResponse {
        let version = target.protocolVersion
        let part: A2APart = if case .string(let text) = request.input { .text(text, mediaType: "text/plain") } else { .data(request.input) }
        let message = A2AMessage(messageId: UUID().uuidString.lowercased(), role: .user, parts: [part],
                                 metadata: ["skillId": .string(request.skill)])
        let params = SendMessageRequest(message: message, configuration: SendMessageConfiguration(
            acceptedOutputModes: configuration.acceptedOutputModes, returnImmediately: configuration.returnImmediately))
        let result = try await call(.sendMessage(params), operation: .sendMessage, id: .string(request.requestID),
                                    request: request, target: target, deadline: deadline, progress: progress)
        let answer: SendMessageResponse
        do {
            answer = try A2AClientCodec.sendMessageResult(result, version: version)
        } catch {
            throw A2AClientFailure.invalidResponse(A2AClientFailure.quote(error.message, limit: configuration.maxQuotedMessage))
        }
        switch answer {
        case .message(let reply):
            return Self.response(agent: target.name, parts: reply.parts, taskID: nil, state: nil, attempts: progress.attempts)
        case .task(var task):
            while true {
                let state = task.status?.state ?? .unspecified
                if state == .completed { break }
                if state.isTerminal { throw A2AClientFailure.taskEnded(state, taskID: task.id) }
                if state.isInterrupted { throw A2AClientFailure.taskInterrupted(state, taskID: task.id) }
                progress.note("task \(task.id) was \(state.rawValue)")
                guard ContinuousClock.now + configuration.pollInterval < deadline else {
                    throw A2AClientFailure.deadline(timeout: target.timeout, last: progress.lastProblem)
                }
                try await Task.sleep(for: configuration.pollInterval)
                let poll = try await call(.getTask(GetTaskRequest(id: task.id, historyLength: 0)), operation: .getTask,
                                          id: .string(UUID().uuidString.lowercased()), request: request, target: target,
                                          deadline: deadline, progress: progress)
                do {
                    task = try A2AClientCodec.taskResult(poll, version: version)
                } catch {
                    throw A2AClientFailure.invalidResponse(A2AClientFailure.quote(error.message, limit: configuration.maxQuotedMessage))
                }
            }
            let parts = task.artifacts.flatMap(\.parts)
            let source = parts.isEmpty ? (task.status?.message?.parts ?? []) : parts
            return Self.response(agent: target.name, parts: source, taskID: task.id, state: A2ATaskState.completed.rawValue,
                                 attempts: progress.attempts)
        }
    }

    static func response(agent: String, parts: [A2APart], taskID: String?, state: String?, attempts: Int) -> A2AOutboundResponse {
        A2AOutboundResponse(agent: agent, output: parts.lazy.compactMap(\.data).first,
                            text: parts.compactMap(\.text).joined(separator: "\n"), taskID: taskID, state: state, attempts: attempts)
    }

    /// One JSON-RPC call: POSTed, retried after transient failures within the deadline, its `result` returned.
    private func call(_ params: A2AServerRequest.Params, operation: A2AOperation, id: A2ARequestID, request: A2AOutboundRequest,
                      target: A2ATarget, deadline: ContinuousClock.Instant, progress: Progress) async throws -> JSONValue {
        let rpc: A2AJSONRPCRequest
        do {
            rpc = try A2AClientCodec.request(params, operation: operation, id: id, version: target.protocolVersion)
        } catch {
            throw A2AClientFailure.jsonRPCError(code: error.code.rawValue, message: error.message)
        }
        let body = rpc.json.canonicalData
        var retries = 0
        var refreshedToken = false
        var random = SystemRandomNumberGenerator()
        while true {
            let failure: A2AClientFailure
            let askedWait: Duration?
            do {
                return try await post(body, operation: operation, request: request, target: target, deadline: deadline,
                                      progress: progress)
            } catch let outcome as HTTPOutcome {
                switch outcome {
                case .unauthorized:
                    if case .oauth2(let source) = target.authentication, !refreshedToken {
                        // The token may have been revoked or expired early: one fresh token, one more try.
                        source.invalidate()
                        refreshedToken = true
                        progress.note("HTTP 401 with a cached token")
                        continue
                    }
                    throw A2AClientFailure.httpStatus(401)
                case .transient(let f, let wait):
                    failure = f
                    askedWait = wait
                }
            } catch let f as A2AClientFailure where f.isTransient {
                failure = f
                askedWait = nil
            }
            progress.note(Self.describe(failure))
            retries += 1
            guard retries < configuration.retry.maxAttempts else { throw failure }
            var wait = configuration.retry.delay(afterAttempt: retries, random: &random)
            if let askedWait { wait = max(wait, askedWait) }
            guard ContinuousClock.now + wait < deadline else {
                // The agent asked for a wait beyond the deadline: say so (with retryAfterMs) rather than time out.
                if askedWait != nil { throw failure }
                throw A2AClientFailure.deadline(timeout: target.timeout, last: progress.lastProblem)
            }
            try await Task.sleep(for: wait)
        }
    }

    /// What one POST gave that the retry loop decides on (anything else is an ``A2AClientFailure`` or the result).
    enum HTTPOutcome: Error {
        case unauthorized
        case transient(A2AClientFailure, retryAfter: Duration?)
    }

    static func describe(_ f: A2AClientFailure) -> String {
        switch f {
        case .httpStatus(let s): "HTTP \(s)"
        case .agentRateLimited: "HTTP 429"
        case .unreachable(let reason): reason
        default: "\(f.code.rawValue)"
        }
    }

    private func post(_ body: Data, operation: A2AOperation, request: A2AOutboundRequest, target: A2ATarget,
                      deadline: ContinuousClock.Instant, progress: Progress) async throws -> JSONValue {
        var http = HTTPClientRequest(url: target.url)
        http.method = .POST
        for (name, value) in A2AClientCodec.headers(for: operation, version: target.protocolVersion) {
            http.headers.replaceOrAdd(name: name, value: value)
        }
        switch target.authentication {
        case .none:
            break
        case .apiKey(let header, let value):
            http.headers.replaceOrAdd(name: header, value: value.reveal())
        case .bearer(let token):
            http.headers.replaceOrAdd(name: "Authorization", value: "Bearer \(token.reveal())")
        case .oauth2(let source):
            let token: String
            do {
                token = try await source.token()
            } catch let e as WardenError {
                throw A2AClientFailure.credentials(e)
            }
            progress.used(token)
            http.headers.replaceOrAdd(name: "Authorization", value: "Bearer \(token)")
        }
        if let trace = request.trace { http.headers.replaceOrAdd(name: "traceparent", value: trace.traceparent) }
        http.body = .bytes(ByteBuffer(bytes: body))
        http.tlsConfiguration = target.tls?.tlsConfiguration

        let remaining = deadline - ContinuousClock.now
        guard remaining > .zero else { throw A2AClientFailure.deadline(timeout: target.timeout, last: progress.lastProblem) }
        progress.attempt()
        let response: HTTPClientResponse
        let collected: ByteBuffer
        do {
            response = try await httpClient.execute(http, timeout: .nanoseconds(A2AClientFailure.nanoseconds(remaining)))
            collected = try await response.body.collect(upTo: configuration.maxResponseBytes)
        } catch {
            throw Self.classify(error, target: target, limit: configuration.maxResponseBytes, progress: progress)
        }
        let status = Int(response.status.code)
        let retryAfter = RetryAfter.delay(response.headers.first(name: "Retry-After"))
        switch status {
        case 200..<300:
            return try jsonRPCResult(Data(collected.readableBytesView))
        case 401:
            throw HTTPOutcome.unauthorized
        case 429:
            throw HTTPOutcome.transient(.agentRateLimited(retryAfter: retryAfter), retryAfter: retryAfter)
        case 502, 503, 504:
            throw HTTPOutcome.transient(.httpStatus(status), retryAfter: retryAfter)
        default:
            // An agent may explain a refusal with a JSON-RPC error body; its code says more than the status.
            if let value = try? JSONValue(parsing: Data(collected.readableBytesView), maxDepth: 32),
               case .object(let o) = value, let e = o["error"], case .object = e {
                let peer = A2AError(errorObject: e)
                throw A2AClientFailure.jsonRPCError(code: peer.code.rawValue,
                                                    message: A2AClientFailure.quote(peer.message, limit: configuration.maxQuotedMessage))
            }
            throw A2AClientFailure.httpStatus(status)
        }
    }

    /// The `result` of a JSON-RPC response body.
    private func jsonRPCResult(_ body: Data) throws(A2AClientFailure) -> JSONValue {
        let value: JSONValue
        do {
            value = try JSONValue(parsing: body, maxDepth: A2ALimits.standard.maxDepth)
        } catch {
            throw .invalidResponse("the answer is not JSON")
        }
        do {
            return try A2AClientCodec.result(of: value)
        } catch {
            // The codec throws the peer's own error, or -32006 for an answer that is no JSON-RPC response at all.
            if case .object(let o) = value, let e = o["error"], e != .null, case .object = e {
                throw .jsonRPCError(code: error.code.rawValue, message: A2AClientFailure.quote(error.message, limit: configuration.maxQuotedMessage))
            }
            throw .invalidResponse(A2AClientFailure.quote(error.message, limit: configuration.maxQuotedMessage))
        }
    }

    /// An error of the HTTP client as a failure.
    static func classify(_ error: any Error, target: A2ATarget, limit: Int, progress: Progress) -> any Error {
        switch error {
        case is CancellationError:
            return error
        case let e as HTTPClientError where e == .deadlineExceeded:
            return A2AClientFailure.deadline(timeout: target.timeout, last: progress.lastProblem)
        case is NIOTooManyBytesError:
            return A2AClientFailure.invalidResponse("the answer is larger than \(limit) bytes")
        case is NIOSSLError, is BoringSSLError, is NIOSSLExtraError:
            return A2AClientFailure.tlsFailure
        case let e as HTTPClientError where e == .connectTimeout:
            return A2AClientFailure.unreachable("connection timed out")
        case let e as HTTPClientError where e == .remoteConnectionClosed:
            return A2AClientFailure.unreachable("connection closed")
        default:
            let text = String(describing: error).lowercased()
            if text.contains("refused") { return A2AClientFailure.unreachable("connection refused") }
            if text.contains("reset") { return A2AClientFailure.unreachable("connection reset") }
            return A2AClientFailure.unreachable("connection failed")
        }
    }

    /// What one send did so far, shared with the tasks it runs: for the error's `attempts`, its message, and the
    /// tokens to redact.
    final class Progress: Sendable {
        private struct State {
            var attempts = 0
            var tokens: [String] = []
            var lastProblem: String?
        }

        private let state = Mutex(State())

        var attempts: Int { state.withLock { $0.attempts } }
        var tokens: [String] { state.withLock { $0.tokens } }
        var lastProblem: String? { state.withLock { $0.lastProblem } }

        func attempt() { state.withLock { $0.attempts += 1 } }
        func note(_ problem: String) { state.withLock { $0.lastProblem = problem } }
        func used(_ token: String) {
            state.withLock { s in if !s.tokens.contains(token) { s.tokens.append(token) } }
        }
    }
}
