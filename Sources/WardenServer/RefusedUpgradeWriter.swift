import Hummingbird
import NIOCore
import NIOSSL
import WardenCore

/// Writes Warden's own refusal (401, 400… with the JSON error body) for a WebSocket upgrade that was refused before
/// upgrading. hummingbird-websocket answers every refused upgrade with a bare 400; this handler, put next to the
/// socket (after the TLS handler, if any) once the refusal is known, replaces those bytes with the real response. The connection
/// closes after it either way.
final class RefusedUpgradeWriter: ChannelOutboundHandler, RemovableChannelHandler {
    typealias OutboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    private var response: ByteBuffer?

    init(_ response: Response, body: ByteBuffer) {
        var out = ByteBuffer()
        out.writeString("HTTP/1.1 \(response.status.code) \(response.status.reasonPhrase)\r\n")
        for field in response.headers where field.name != .contentLength && field.name != .connection {
            out.writeString("\(field.name.rawName): \(field.value)\r\n")
        }
        out.writeString("Content-Length: \(body.readableBytes)\r\nConnection: close\r\n\r\n")
        var body = body
        out.writeBuffer(&body)
        self.response = out
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        guard let response else {
            // The library's bare 400 after ours: swallowed.
            promise?.succeed()
            return
        }
        self.response = nil
        context.write(wrapOutboundOut(response), promise: promise)
    }

    /// Puts the refusal of `error` on `channel`, in the JSON error shape of every other route; a channel already gone
    /// needs none.
    static func install(_ error: WardenError, requestID: String, on channel: any Channel) async {
        var head = RequestEnvelopeMiddleware.errorResponse(error, requestID: requestID)
        head.headers[.xRequestID] = requestID
        let body = ByteBuffer(bytes: RequestEnvelopeMiddleware.errorBody(error, requestID: requestID))
        try? await channel.eventLoop.submit {
            let pipeline = channel.pipeline.syncOperations
            // Over TLS the bytes must go through the TLS handler, so right after it; else first, next to the socket.
            if let tls = try? pipeline.handler(type: NIOSSLServerHandler.self) {
                try pipeline.addHandler(RefusedUpgradeWriter(head, body: body), position: .after(tls))
            } else {
                try pipeline.addHandler(RefusedUpgradeWriter(head, body: body), position: .first)
            }
        }.get()
    }
}
