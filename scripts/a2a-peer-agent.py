#!/usr/bin/env python3
"""A real A2A agent built with the official a2a-sdk (1.3), for the tests of Warden's A2A client.

It serves one skill, `sum` ({"a": number, "b": number} -> data part {"sum": a+b, "agent": name}), over JSON-RPC
(protocol 1.0, and 0.3 through the SDK's compatibility layer) at `/a2a`, its card at
`/.well-known/agent-card.json` (publishing the skill's schemas with Warden's skill-schemas extension), and a
`/stats` endpoint counting what arrived. Flags make it misbehave the ways a remote agent does:

    --fail-first N         answer HTTP 503 to the first N POSTs to /a2a
    --rate-limit-first N   answer HTTP 429 with Retry-After (--retry-after S, default 1) to the first N POSTs to /a2a
    --require-api-key V    401 unless the header X-API-Key is V
    --require-bearer V     401 unless Authorization: Bearer V
    --token-endpoint       serve POST /oauth/token (client credentials, HTTP Basic client authentication) issuing
                           bearers with expires_in; /a2a then requires one of the issued bearers
    --client-id/--client-secret   the credentials /oauth/token accepts (default warden / s3cret)
    --token-ttl S          expires_in of the issued tokens (default 3600)
    --slow-ms N            the skill works N ms before answering
    --bad-output           the skill answers {"sum": "not a number"} (violating its output schema)
    --fail-task            the task ends failed
    --input-required       the task stops in input-required
    --malformed            answer every POST with HTTP 200 and a body that is not JSON-RPC
    --echo-error           answer every POST with a JSON-RPC error (-32602) whose message quotes the request's
                           credentials headers, as a careless agent might
    --tls-cert/--tls-key/--tls-client-ca   serve HTTPS and require a client certificate signed by that CA

Run: .venv-peers/bin/python scripts/a2a-peer-agent.py --port 8123 --name peer
"""

import argparse
import asyncio
import base64
import json
import secrets
import ssl

import uvicorn
from google.protobuf.struct_pb2 import Struct
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from a2a.helpers.proto_helpers import new_data_part, new_task_from_user_message, new_text_part
from a2a.server.agent_execution import AgentExecutor, RequestContext
from a2a.server.events import EventQueue
from a2a.server.request_handlers import DefaultRequestHandler
from a2a.server.routes import create_agent_card_routes, create_jsonrpc_routes
from a2a.server.tasks import InMemoryTaskStore, TaskUpdater
from a2a.types import a2a_pb2 as pb
from a2a.utils import errors

SKILL_SCHEMAS_URI = "urn:warden:a2a:extension:skill-schemas:v1"
SUM_INPUT = {"type": "object", "required": ["a", "b"], "additionalProperties": False,
             "properties": {"a": {"type": "number"}, "b": {"type": "number"}}}
SUM_OUTPUT = {"type": "object", "required": ["sum"], "properties": {"sum": {"type": "number"}, "agent": {"type": "string"}}}


def parse_args():
    p = argparse.ArgumentParser()
    p.add_argument("--port", type=int, required=True)
    p.add_argument("--name", default="peer")
    p.add_argument("--fail-first", type=int, default=0)
    p.add_argument("--rate-limit-first", type=int, default=0)
    p.add_argument("--retry-after", type=int, default=1)
    p.add_argument("--require-api-key")
    p.add_argument("--require-bearer")
    p.add_argument("--token-endpoint", action="store_true")
    p.add_argument("--client-id", default="warden")
    p.add_argument("--client-secret", default="s3cret")
    p.add_argument("--token-ttl", type=int, default=3600)
    p.add_argument("--slow-ms", type=int, default=0)
    p.add_argument("--bad-output", action="store_true")
    p.add_argument("--open-input", action="store_true", help="publish an input schema that allows fields besides a and b")
    p.add_argument("--fail-task", action="store_true")
    p.add_argument("--input-required", action="store_true")
    p.add_argument("--echo-error", action="store_true")
    p.add_argument("--malformed", action="store_true")
    p.add_argument("--tls-cert")
    p.add_argument("--tls-key")
    p.add_argument("--tls-client-ca")
    return p.parse_args()


args = parse_args()
stats = {"posts": 0, "answered": 0, "tokens": 0, "unauthorized": 0, "lastHeaders": {}, "lastBody": None}
issued_tokens = set()


def struct(value: dict) -> Struct:
    s = Struct()
    s.update(value)
    return s


class SumExecutor(AgentExecutor):
    async def execute(self, context: RequestContext, event_queue: EventQueue) -> None:
        if context.current_task is None:
            await event_queue.enqueue_event(new_task_from_user_message(context.message))
        updater = TaskUpdater(event_queue, context.task_id, context.context_id)
        await updater.start_work()
        if args.slow_ms:
            await asyncio.sleep(args.slow_ms / 1000)
        if args.input_required:
            await updater.requires_input(updater.new_agent_message([new_text_part("which numbers?")]))
            return
        if args.fail_task:
            await updater.failed(updater.new_agent_message([new_text_part("the adder broke")]))
            return
        data = None
        for part in context.message.parts:
            if part.HasField("data"):
                from google.protobuf import json_format
                data = json_format.MessageToDict(part.data)
                break
        if not isinstance(data, dict):
            await updater.reject(updater.new_agent_message([new_text_part("send a data part {a, b}")]))
            return
        result = {"sum": "not a number"} if args.bad_output else {"sum": data.get("a", 0) + data.get("b", 0), "agent": args.name}
        await updater.add_artifact([new_data_part(result), new_text_part(f"{args.name} added")], name="sum")
        await updater.complete()

    async def cancel(self, context: RequestContext, event_queue: EventQueue) -> None:
        raise errors.TaskNotCancelableError()


def card(base: str) -> pb.AgentCard:
    c = pb.AgentCard(name=args.name, description="Adds two numbers.", version="1.0.0",
                     capabilities=pb.AgentCapabilities(streaming=False),
                     default_input_modes=["application/json", "text/plain"],
                     default_output_modes=["application/json", "text/plain"])
    c.supported_interfaces.extend([
        pb.AgentInterface(url=f"{base}/a2a", protocol_binding="JSONRPC", protocol_version="1.0"),
        pb.AgentInterface(url=f"{base}/a2a", protocol_binding="JSONRPC", protocol_version="0.3"),
    ])
    c.skills.add(id="sum", name="Sum", description="Adds a and b.", tags=["math"])
    c.capabilities.extensions.append(pb.AgentExtension(
        uri=SKILL_SCHEMAS_URI, description="JSON Schemas of each skill's input and output data parts.", required=False,
        params=struct({"skills": {"sum": {"inputSchema": {k: v for k, v in SUM_INPUT.items()
                                                           if not (args.open_input and k == "additionalProperties")},
                                          "outputSchema": SUM_OUTPUT}}})))
    return c


async def stats_endpoint(request: Request) -> Response:
    return JSONResponse(stats)


async def token_endpoint(request: Request) -> Response:
    auth = request.headers.get("authorization", "")
    expected = "Basic " + base64.b64encode(f"{args.client_id}:{args.client_secret}".encode()).decode()
    form = await request.form()
    if auth != expected:
        return JSONResponse({"error": "invalid_client"}, status_code=401)
    if form.get("grant_type") != "client_credentials":
        return JSONResponse({"error": "unsupported_grant_type"}, status_code=400)
    token = "tok-" + secrets.token_hex(12)
    issued_tokens.add(token)
    stats["tokens"] += 1
    stats["lastTokenForm"] = {k: v for k, v in form.items()}
    return JSONResponse({"access_token": token, "token_type": "Bearer", "expires_in": args.token_ttl})


async def revoke_endpoint(request: Request) -> Response:
    """Forgets every issued token, so the next call with one answers 401."""
    issued_tokens.clear()
    return JSONResponse({"revoked": True})


def guarded(inner):
    """The misbehaviour of the flags, in front of the SDK's app (only POSTs to /a2a)."""

    async def app(scope, receive, send):
        if scope["type"] != "http" or scope["method"] != "POST" or scope["path"] != "/a2a":
            return await inner(scope, receive, send)
        stats["posts"] += 1
        headers = {k.decode().lower(): v.decode() for k, v in scope.get("headers", [])}
        stats["lastHeaders"] = headers

        async def plain(status, extra=()):
            await send({"type": "http.response.start", "status": status,
                        "headers": [(b"content-length", b"0"), *extra]})
            await send({"type": "http.response.body", "body": b""})

        if stats["posts"] <= args.fail_first:
            return await plain(503)
        if stats["posts"] <= args.fail_first + args.rate_limit_first:
            return await plain(429, [(b"retry-after", str(args.retry_after).encode())])
        if args.require_api_key is not None and headers.get("x-api-key") != args.require_api_key:
            stats["unauthorized"] += 1
            return await plain(401)
        if args.require_bearer is not None and headers.get("authorization") != f"Bearer {args.require_bearer}":
            stats["unauthorized"] += 1
            return await plain(401)
        if args.token_endpoint:
            given = headers.get("authorization", "")
            if not given.startswith("Bearer ") or given[7:] not in issued_tokens:
                stats["unauthorized"] += 1
                return await plain(401, [(b"www-authenticate", b'Bearer error="invalid_token"')])

        if args.malformed:
            junk = b"<html>not json-rpc</html>"
            await send({"type": "http.response.start", "status": 200,
                        "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(junk)).encode())]})
            await send({"type": "http.response.body", "body": junk})
            return
        if args.echo_error:
            quoted = f"bad credentials: {headers.get('x-api-key', '')} {headers.get('authorization', '')}\n\x1b[31mend"
            body = json.dumps({"jsonrpc": "2.0", "id": None, "error": {"code": -32602, "message": quoted}}).encode()
            await send({"type": "http.response.start", "status": 200,
                        "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]})
            await send({"type": "http.response.body", "body": body})
            return

        # Keep the body for the tests (they assert what the client sent), then replay it to the SDK.
        chunks = []
        more = True
        while more:
            message = await receive()
            chunks.append(message.get("body", b""))
            more = message.get("more_body", False)
        body = b"".join(chunks)
        try:
            stats["lastBody"] = json.loads(body)
        except ValueError:
            stats["lastBody"] = None
        replayed = False

        async def replay():
            nonlocal replayed
            if not replayed:
                replayed = True
                return {"type": "http.request", "body": body, "more_body": False}
            return await receive()

        stats["answered"] += 1
        return await inner(scope, replay, send)

    return app


def main():
    scheme = "https" if args.tls_cert else "http"
    base = f"{scheme}://127.0.0.1:{args.port}"
    served = card(base)
    handler = DefaultRequestHandler(agent_executor=SumExecutor(), task_store=InMemoryTaskStore(), agent_card=served)
    changed = {"card": False}

    async def modified(c):
        # After POST /change-card the card offers one more skill: what a registry's periodic refresh must notice.
        if not changed["card"]:
            return c
        out = pb.AgentCard()
        out.CopyFrom(c)
        out.skills.add(id="refund", name="Refund", description="Refunds an invoice.", tags=["billing"])
        return out

    async def change_card(request):
        changed["card"] = True
        return JSONResponse({"changed": True})

    routes = (create_agent_card_routes(served, card_modifier=modified) + create_jsonrpc_routes(handler, "/a2a", enable_v0_3_compat=True)
              + [Route("/stats", stats_endpoint, methods=["GET"]), Route("/change-card", change_card, methods=["POST"])])
    if args.token_endpoint:
        routes += [Route("/oauth/token", token_endpoint, methods=["POST"]),
                   Route("/oauth/revoke", revoke_endpoint, methods=["POST"])]
    app = guarded(Starlette(routes=routes))
    tls = {}
    if args.tls_cert:
        tls = {"ssl_certfile": args.tls_cert, "ssl_keyfile": args.tls_key}
        if args.tls_client_ca:
            tls["ssl_ca_certs"] = args.tls_client_ca
            tls["ssl_cert_reqs"] = ssl.CERT_REQUIRED
    uvicorn.run(app, host="127.0.0.1", port=args.port, log_level="warning", **tls)


if __name__ == "__main__":
    main()
