import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdWebSocket
import Logging
import NIOCore
import NIOWebSocket
import WardenCore
import WardenRuntime
import WardenStore

/// `GET /v1/events`: the audit log, live, over a WebSocket. Each text frame is one audit event as `/v1/audit/events`
/// renders it, after a first `{"type":"ready","after":SEQ}`; `?after=SEQ` replays what the store holds after SEQ
/// first, then goes live with neither gap nor duplicate. Filters: `kinds` (`tool.call`, `tool.*`, comma separated),
/// `tool`, `agent`. A caller with `audit.read` sees every event, any other only those it is the actor of.
///
/// Refusals come before the upgrade, as JSON errors: 401 without a valid credential, 400 for a bad filter or `after`;
/// a plain GET that asks no upgrade gets 426. A subscriber that falls ``EventStreamSettings/bufferSize`` events behind is
/// closed with ``tooSlowCloseCode`` and a reason naming the `after` to reconnect with.
struct EventStreamEndpoint: Sendable {
    let service: GovernanceService
    let store: any GovernanceStore
    let hub: EventHub
    let authenticator: CallerAuthenticator
    let settings: EventStreamSettings
    /// The console's sessions: `/console/events` is this stream for a signed-in console page, admitted by its session
    /// cookie (scoped to `/console`, SameSite=Strict) instead of a key.
    var console: ConsoleSessions?

    /// Its route, as (method, OpenAPI path), for the OpenAPI test.
    static let routes: [(HTTPRequest.Method, String)] = [(.get, "/v1/events")]
    /// The close code of a subscriber dropped for falling behind.
    static let tooSlowCloseCode: UInt16 = 4000
    /// The subprotocol a browser offers (with `bearer.<token>`) to authenticate without headers; answered when offered.
    static let subprotocol = "warden.events"

    /// The route on the main router: what an upgrade refused by the WebSocket router, or a request without upgrade,
    /// reaches.
    func register(on router: Router<WardenRequestContext>) {
        router.get("/v1/events") { request, context -> Response in
            _ = try await admit(request, certificate: context.clientCertificate, requestID: context.requestID)
            let e = WardenError.invalidInput("GET /v1/events is a WebSocket: send Connection: Upgrade and Upgrade: websocket")
            var response = RequestEnvelopeMiddleware.errorResponse(e, requestID: context.requestID)
            response.status = .upgradeRequired
            response.headers[.upgrade] = "websocket"
            return response
        }
    }

    /// Where the stream upgrades: the API's path, and the console's (cookie-authenticated) one.
    static let upgradePaths = ["/v1/events", "/console/events"]

    /// The router that decides WebSocket upgrades (see ``WardenApplication/server(configuration:engine:logger:)``).
    func webSocketRouter() -> Router<EventStreamRequestContext> {
        let router = Router(context: EventStreamRequestContext.self)
        router.add(middleware: EventStreamAdmissionMiddleware(endpoint: self))
        for path in Self.upgradePaths {
            router.ws(RouterPath(path), shouldUpgrade: { _, context in
                var headers = HTTPFields()
                if let p = context.admission?.subprotocol { headers[.secWebSocketProtocol] = p }
                return .upgrade(headers)
            }, onUpgrade: { inbound, outbound, context in
                guard let admission = context.requestContext.admission else { return }
                await stream(admission, inbound: inbound, outbound: outbound, logger: context.logger)
            })
        }
        return router
    }

    /// Authenticates the caller and reads its request.
    /// - Throws: `unauthenticated` (recorded) without a valid credential; `invalid_input` for a bad filter or `after`.
    func admit(_ request: Request, certificate: VerifiedClientCertificate?, requestID: String) async throws -> EventStreamAdmission {
        let principal: Principal
        if request.uri.path == "/console/events" {
            principal = try await consolePrincipal(request, certificate: certificate, requestID: requestID)
        } else {
            principal = try await authenticator.authenticate(token: EventStreamAdmission.token(request), certificate: certificate,
                                                             requestID: requestID)
        }
        let (filter, after) = try EventStreamAdmission.parse(request)
        let offered = EventStreamAdmission.offeredSubprotocols(request)
        return EventStreamAdmission(principal: principal, filter: EventStreamAdmission.visible(filter, to: principal, policy: service.policy),
                                    after: after, subprotocol: offered.contains(Self.subprotocol) ? Self.subprotocol : nil)
    }

    /// The principal of a console page's session cookie, authenticated again with the session's key; only from a page
    /// of this origin (a browser always sends `Origin` on a WebSocket).
    /// - Throws: `unauthenticated` without a live session; `forbidden` from another origin.
    func consolePrincipal(_ request: Request, certificate: VerifiedClientCertificate?, requestID: String) async throws -> Principal {
        guard let console, let session = console.session(ConsoleResponse.cookieValue(ConsoleEndpoint.sessionCookie, in: request.headers))
        else {
            throw WardenError(.unauthenticated, "/console/events needs a console session: sign in at /console")
        }
        if let origin = request.headers[.origin] {
            let host = request.head.authority ?? ""
            guard let url = URL(string: origin), let originHost = url.host else {
                throw WardenError.forbidden("the console's event stream is for the console's own pages")
            }
            let originAuthority = originHost + (url.port.map { ":\($0)" } ?? "")
            guard originAuthority.lowercased() == host.lowercased() else {
                throw WardenError.forbidden("the console's event stream is for the console's own pages")
            }
        }
        return try await authenticator.authenticate(token: session.key, certificate: certificate, requestID: requestID)
    }

    /// Streams to one subscriber until it leaves, the server stops, or it falls too far behind.
    func stream(_ admission: EventStreamAdmission, inbound: WebSocketInboundStream, outbound: WebSocketOutboundWriter,
                logger: Logger) async {
        // Subscribed before reading the store: whatever commits from here on reaches the buffer, whatever committed
        // before is in the store, so the replay below and the live events overlap rather than leave a gap.
        let subscription = hub.subscribe(admission.filter)
        defer { subscription.cancel() }
        await withTaskGroup(of: Void.self) { group in
            group.addTask {
                // Reading keeps control frames (ping, close) flowing; the stream takes no messages.
                do { for try await _ in inbound {} } catch {}
            }
            group.addTask {
                do {
                    try await send(admission, subscription: subscription, outbound: outbound)
                } catch {
                    logger.debug("event stream ended", metadata: ["error": .string("\(error)")])
                }
            }
            _ = await group.next()
            group.cancelAll()
        }
    }

    private func send(_ admission: EventStreamAdmission, subscription: EventSubscription, outbound: WebSocketOutboundWriter) async throws {
        let filter = admission.filter
        var last: Int64
        if let after = admission.after {
            last = after
        } else {
            last = try await store.read { tx in try tx.auditHead().seq }
        }
        try await outbound.write(.text(#"{"type":"ready","after":\#(last)}"#))
        if admission.after != nil {
            let pageSize = settings.replayPageSize
            while true {
                let from = last
                let page = try await store.read { tx in try tx.auditEvents(afterSeq: from, limit: pageSize) }
                for event in page where filter.matches(event) { try await outbound.write(.text(try Self.text(event))) }
                if let end = page.last?.seq { last = end }
                if page.count < pageSize { break }
            }
        }
        var spare: [AuditEvent] = []
        while true {
            switch await subscription.next(reusing: spare) {
            case .events(let batch):
                // Events up to `last` came from the replay (or precede the stream's start).
                for event in batch where event.seq > last {
                    try await outbound.write(.text(try Self.text(event)))
                    last = event.seq
                }
                spare = batch
            case .dropped(let behind):
                try await outbound.close(.unknown(Self.tooSlowCloseCode),
                                         reason: "too slow: \(behind) events behind; reconnect with ?after=\(last)")
                return
            case .ended:
                return
            }
        }
    }

    /// An event as `/v1/audit/events` renders it.
    static func text(_ event: AuditEvent) throws -> String {
        String(decoding: try WardenJSON.encode(event), as: UTF8.self)
    }
}

/// Admits or refuses a WebSocket upgrade to `/v1/events` before it happens: a refusal is written as Warden's JSON
/// error (see ``RefusedUpgradeWriter``), and the upgrade does not take place.
struct EventStreamAdmissionMiddleware: RouterMiddleware {
    typealias Context = EventStreamRequestContext
    let endpoint: EventStreamEndpoint

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard EventStreamEndpoint.upgradePaths.contains(request.uri.path) else { return try await next(request, context) }
        var context = context
        context.requestID = RequestEnvelopeMiddleware.requestID(from: request.headers[.xRequestID])
        do {
            let certificate = await ClientCertificateMiddleware.peerCertificate(of: context.channel)
            context.admission = try await endpoint.admit(request, certificate: certificate, requestID: context.requestID)
        } catch {
            await RefusedUpgradeWriter.install(RequestEnvelopeMiddleware.wardenError(error), requestID: context.requestID,
                                               on: context.channel)
            throw error
        }
        return try await next(request, context)
    }
}
