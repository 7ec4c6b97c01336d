#!/usr/bin/env python3
"""Writes the golden A2A fixtures of Tests/WardenA2ATests/Fixtures with the official `a2a-sdk` (1.3).

Run it with the peers virtualenv that `.ci/run` creates:

    .venv-peers/bin/python scripts/gen-a2a-fixtures.py

Everything here comes from a2a-sdk itself: protocol 1.0 values are its protobuf messages serialized with
`google.protobuf.json_format.MessageToDict` (the proto3 JSON mapping it puts on the wire), 0.3 values come from
its compatibility layer (`a2a.compat.v0_3`), and the `exchanges/` files record real HTTP round trips between
its JSON-RPC client transports and its Starlette server, in process (no network). Random ids and times are
replaced by fixed ones so that a second run writes the same files.
"""

import asyncio
import base64
import importlib.metadata
import json
import re
import sys
from pathlib import Path

import httpx
from google.protobuf import json_format
from google.protobuf.struct_pb2 import Struct, Value
from google.protobuf.timestamp_pb2 import Timestamp
from starlette.applications import Starlette

from a2a.client.transports.jsonrpc import JsonRpcTransport
from a2a.compat.v0_3 import conversions
from a2a.compat.v0_3.jsonrpc_transport import CompatJsonRpcTransport
from a2a.server.agent_execution import AgentExecutor, RequestContext
from a2a.server.events import EventQueue
from a2a.server.request_handlers import DefaultRequestHandler
from a2a.server.request_handlers.response_helpers import agent_card_to_dict, build_error_response
from a2a.server.routes import create_agent_card_routes, create_jsonrpc_routes
from a2a.server.tasks import InMemoryTaskStore, TaskUpdater
from a2a.helpers.proto_helpers import new_task_from_user_message
from a2a.types import a2a_pb2 as pb
from a2a.utils import errors
from a2a.utils.constants import PROTOCOL_VERSION_CURRENT, VERSION_HEADER

ROOT = Path(__file__).resolve().parent.parent / "Tests" / "WardenA2ATests" / "Fixtures"
SKILL_SCHEMAS_URI = "urn:warden:a2a:extension:skill-schemas:v1"


def to_json(message) -> dict:
    return json_format.MessageToDict(message)


def struct(value: dict) -> Struct:
    s = Struct()
    s.update(value)
    return s


def ts(text: str) -> Timestamp:
    t = Timestamp()
    t.FromJsonString(text)
    return t


def write(relative: str, value) -> None:
    path = ROOT / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(value, (bytes, str)):
        path.write_bytes(value if isinstance(value, bytes) else value.encode())
    else:
        path.write_text(json.dumps(value, indent=2, sort_keys=True, ensure_ascii=False) + "\n")


# --- protocol 1.0 values ------------------------------------------------------------------------------------

def agent_card() -> pb.AgentCard:
    card = pb.AgentCard(
        name="Warden",
        description="Governed tools and agents, behind one policy.",
        version="0.4.0",
        documentation_url="https://warden.example/docs",
        icon_url="https://warden.example/icon.png",
        provider=pb.AgentProvider(organization="Example Corp", url="https://example.com"),
        capabilities=pb.AgentCapabilities(streaming=True, push_notifications=False, extended_agent_card=False),
        default_input_modes=["text/plain", "application/json"],
        default_output_modes=["application/json"],
    )
    card.supported_interfaces.extend([
        pb.AgentInterface(url="https://warden.example/a2a", protocol_binding="JSONRPC", protocol_version="1.0"),
        pb.AgentInterface(url="https://warden.example/a2a", protocol_binding="JSONRPC", protocol_version="0.3"),
        pb.AgentInterface(url="https://warden.example/a2a/tenant-a", protocol_binding="HTTP+JSON",
                          protocol_version="1.0", tenant="tenant-a"),
    ])
    card.capabilities.extensions.append(pb.AgentExtension(
        uri=SKILL_SCHEMAS_URI,
        description="JSON Schemas (draft 2020-12) of each skill's input and output data parts.",
        required=False,
        params=struct({"skills": {"lookup-order": {
            "inputSchema": {"type": "object", "required": ["orderId"], "properties": {
                "orderId": {"type": "string", "pattern": "^[A-Z0-9-]{4,32}$"},
                "email": {"type": "string", "format": "email", "x-sensitivity": "confidential"}}},
            "outputSchema": {"type": "object", "properties": {"status": {"type": "string"},
                                                              "total": {"type": "number"}}},
        }}}),
    ))
    card.security_schemes["bearer"].http_auth_security_scheme.CopyFrom(pb.HTTPAuthSecurityScheme(
        scheme="Bearer", bearer_format="JWT", description="A JWT from POST /oauth/token or a configured issuer."))
    card.security_schemes["oauth2"].oauth2_security_scheme.CopyFrom(pb.OAuth2SecurityScheme(
        description="OAuth 2.0 client credentials.",
        flows=pb.OAuthFlows(client_credentials=pb.ClientCredentialsOAuthFlow(
            token_url="https://warden.example/oauth/token", scopes={"a2a:invoke": "Call skills"})),
        oauth2_metadata_url="https://warden.example/.well-known/oauth-authorization-server"))
    card.security_schemes["mtls"].mtls_security_scheme.CopyFrom(pb.MutualTlsSecurityScheme(
        description="A client certificate from the configured CA."))
    card.security_schemes["apiKey"].api_key_security_scheme.CopyFrom(pb.APIKeySecurityScheme(
        location="header", name="X-API-Key"))
    for names in (["bearer"], ["oauth2"], ["mtls"]):
        req = card.security_requirements.add()
        for n in names:
            req.schemes[n].list.extend(["a2a:invoke"] if n == "oauth2" else [])
    skill = card.skills.add(id="lookup-order", name="Look up an order",
                            description="Finds an order by its id and returns its status.",
                            tags=["orders", "support"], examples=["Where is order A-1234?"],
                            input_modes=["application/json"], output_modes=["application/json"])
    skill.security_requirements.add().schemes["oauth2"].list.append("a2a:invoke")
    card.skills.add(id="echo", name="Echo", description="Says back what it is told.", tags=["test"])
    return card


def user_message() -> pb.Message:
    return pb.Message(
        message_id="msg-1", context_id="ctx-1", role=pb.ROLE_USER,
        parts=[
            pb.Part(text="Where is order A-1234?", metadata=struct({"lang": "en"})),
            pb.Part(data=Value(struct_value=struct({"orderId": "A-1234", "count": 2, "ok": True, "tags": ["a"],
                                                    "nested": {"x": None}})),
                    media_type="application/json"),
            pb.Part(raw=b"%PDF-1.7 \x00\x01\xfe\xff", media_type="application/pdf", filename="invoice.pdf"),
            pb.Part(url="https://files.example/receipt.png", media_type="image/png", filename="receipt.png"),
        ],
        metadata=struct({"source": "console"}),
        extensions=["urn:example:ext:v1"],
        reference_task_ids=["task-0"],
    )


def agent_message(text: str, message_id: str = "msg-2") -> pb.Message:
    return pb.Message(message_id=message_id, context_id="ctx-1", task_id="task-1", role=pb.ROLE_AGENT,
                      parts=[pb.Part(text=text)])


def artifact() -> pb.Artifact:
    return pb.Artifact(artifact_id="art-1", name="order", description="The order found.",
                       parts=[pb.Part(data=Value(struct_value=struct({"status": "shipped", "total": 12.5})))],
                       metadata=struct({"schema": "order/v1"}), extensions=["urn:example:ext:v1"])


def task() -> pb.Task:
    return pb.Task(
        id="task-1", context_id="ctx-1",
        status=pb.TaskStatus(state=pb.TASK_STATE_COMPLETED, message=agent_message("Done.", "msg-3"),
                             timestamp=ts("2026-03-01T12:00:05.250Z")),
        history=[user_message(), agent_message("Looking it up.")],
        artifacts=[artifact()],
        metadata=struct({"priority": 1}),
    )


def status_update() -> pb.TaskStatusUpdateEvent:
    return pb.TaskStatusUpdateEvent(task_id="task-1", context_id="ctx-1",
                                    status=pb.TaskStatus(state=pb.TASK_STATE_WORKING,
                                                         timestamp=ts("2026-03-01T12:00:01Z")),
                                    metadata=struct({"step": "lookup"}))


def artifact_update() -> pb.TaskArtifactUpdateEvent:
    return pb.TaskArtifactUpdateEvent(task_id="task-1", context_id="ctx-1", artifact=artifact(),
                                      append=True, last_chunk=True, metadata=struct({"chunk": 1}))


def send_message_request() -> pb.SendMessageRequest:
    return pb.SendMessageRequest(
        tenant="tenant-a", message=user_message(),
        configuration=pb.SendMessageConfiguration(
            accepted_output_modes=["application/json", "text/plain"], history_length=5, return_immediately=True,
            task_push_notification_config=pb.TaskPushNotificationConfig(
                url="https://client.example/hook", token="opaque", id="push-1",
                authentication=pb.AuthenticationInfo(scheme="Bearer", credentials="secret"))),
        metadata=struct({"trace": "abc"}))


def write_v1_values() -> None:
    write("v1/agent-card.json", to_json(agent_card()))
    write("v1/agent-card-served.json", agent_card_to_dict(agent_card()))
    write("v1/message.json", to_json(user_message()))
    write("v1/task.json", to_json(task()))
    write("v1/artifact.json", to_json(artifact()))
    write("v1/send-message-request.json", to_json(send_message_request()))
    write("v1/send-message-request-minimal.json", to_json(pb.SendMessageRequest(message=pb.Message(
        message_id="m", role=pb.ROLE_USER, parts=[pb.Part(text="hi")]))))
    write("v1/send-message-response-task.json", to_json(pb.SendMessageResponse(task=task())))
    write("v1/send-message-response-message.json", to_json(pb.SendMessageResponse(message=agent_message("Hi."))))
    write("v1/get-task-request.json", to_json(pb.GetTaskRequest(id="task-1", history_length=0, tenant="tenant-a")))
    write("v1/cancel-task-request.json", to_json(pb.CancelTaskRequest(id="task-1", metadata=struct({"why": "user"}))))
    write("v1/subscribe-to-task-request.json", to_json(pb.SubscribeToTaskRequest(id="task-1")))
    write("v1/list-tasks-request.json", to_json(pb.ListTasksRequest(
        tenant="tenant-a", context_id="ctx-1", status=pb.TASK_STATE_WORKING, page_size=10, page_token="cursor-1",
        history_length=2, status_timestamp_after=ts("2026-03-01T00:00:00Z"), include_artifacts=True)))
    write("v1/list-tasks-response.json", to_json(pb.ListTasksResponse(
        tasks=[task()], next_page_token="cursor-2", page_size=10, total_size=11)))
    write("v1/stream-response-task.json", to_json(pb.StreamResponse(task=pb.Task(
        id="task-1", context_id="ctx-1", status=pb.TaskStatus(state=pb.TASK_STATE_SUBMITTED),
        history=[user_message()]))))
    write("v1/stream-response-message.json", to_json(pb.StreamResponse(message=agent_message("Hi."))))
    write("v1/stream-response-status-update.json", to_json(pb.StreamResponse(status_update=status_update())))
    write("v1/stream-response-artifact-update.json", to_json(pb.StreamResponse(artifact_update=artifact_update())))
    # Every state and role by its proto name, for the enum tables.
    write("v1/task-states.json", [pb.TaskState.Name(v) for v in pb.TaskState.values()])
    write("v1/roles.json", [pb.Role.Name(v) for v in pb.Role.values()])


def write_v1_errors() -> None:
    """The JSON-RPC error objects a2a-sdk builds for each A2A error (data: google.rpc.ErrorInfo details)."""
    table = {}
    for cls, code in errors.JSON_RPC_ERROR_CODE_MAP.items():
        try:
            response = build_error_response("req-1", cls())
        except Exception:  # a2a-sdk 1.3 cannot build its own JSONParseError (A2AError form); the server never does
            continue
        table[cls.__name__] = {"code": code, "reason": errors.A2A_ERROR_REASONS.get(cls, "UNKNOWN_ERROR"),
                               "response": response}
    table["TaskNotFoundError"]["responseWithData"] = build_error_response(
        "req-1", errors.TaskNotFoundError(data={"taskId": "task-9"}))
    write("v1/error-codes.json", table)


# --- protocol 0.3 values (a2a-sdk's compatibility layer) ----------------------------------------------------

def dump03(model) -> dict:
    return model.model_dump(mode="json", by_alias=True, exclude_none=True)


def write_v03_values() -> None:
    write("v0_3/agent-card.json", dump03(conversions.to_compat_agent_card(agent_card())))
    write("v0_3/message.json", dump03(conversions.to_compat_message(user_message())))
    write("v0_3/task.json", dump03(conversions.to_compat_task(task())))
    write("v0_3/status-update.json", dump03(conversions.to_compat_task_status_update_event(status_update())))
    write("v0_3/artifact-update.json", dump03(conversions.to_compat_task_artifact_update_event(artifact_update())))
    final = pb.TaskStatusUpdateEvent(task_id="task-1", context_id="ctx-1",
                                     status=pb.TaskStatus(state=pb.TASK_STATE_COMPLETED))
    write("v1/status-update-final.json", to_json(final))
    write("v0_3/status-update-final.json", dump03(conversions.to_compat_task_status_update_event(final)))
    write("v0_3/send-message-request.json", dump03(conversions.to_compat_send_message_request(
        send_message_request(), "req-1")))
    write("v0_3/get-task-request.json", dump03(conversions.to_compat_get_task_request(
        pb.GetTaskRequest(id="task-1", history_length=3), "req-2")))
    write("v0_3/cancel-task-request.json", dump03(conversions.to_compat_cancel_task_request(
        pb.CancelTaskRequest(id="task-1", metadata=struct({"why": "user"})), "req-3")))
    write("v0_3/send-message-response-task.json", dump03(conversions.to_compat_send_message_response(
        pb.SendMessageResponse(task=task()), "req-1")))
    # The pairs the converter tests read: which 1.0 file becomes which 0.3 file through a2a-sdk's converter.
    write("conversions.json", [
        {"v1": "v1/message.json", "v0_3": "v0_3/message.json", "type": "message"},
        {"v1": "v1/task.json", "v0_3": "v0_3/task.json", "type": "task"},
        {"v1": "v1/stream-response-status-update.json#statusUpdate", "v0_3": "v0_3/status-update.json",
         "type": "statusUpdate"},
        {"v1": "v1/status-update-final.json", "v0_3": "v0_3/status-update-final.json", "type": "statusUpdate"},
        {"v1": "v1/stream-response-artifact-update.json#artifactUpdate", "v0_3": "v0_3/artifact-update.json",
         "type": "artifactUpdate"},
    ])


# --- real exchanges: a2a-sdk's client transports against its own server, in process -------------------------

class Executor(AgentExecutor):
    """Answers "hello" with a message, anything else with a task that works, adds an artifact and completes."""

    async def execute(self, context: RequestContext, event_queue: EventQueue) -> None:
        text = context.get_user_input()
        if text == "hello":
            await event_queue.enqueue_event(pb.Message(message_id="reply-1", context_id=context.context_id,
                                                       role=pb.ROLE_AGENT, parts=[pb.Part(text="hello to you")]))
            return
        if context.current_task is None:
            await event_queue.enqueue_event(new_task_from_user_message(context.message))
        updater = TaskUpdater(event_queue, context.task_id, context.context_id)
        await updater.start_work()
        await updater.add_artifact([pb.Part(text=f"echo: {text}")], artifact_id="art-1", name="echo")
        await updater.complete()

    async def cancel(self, context: RequestContext, event_queue: EventQueue) -> None:
        raise errors.TaskNotCancelableError()


def served_card() -> pb.AgentCard:
    card = pb.AgentCard(name="Echo", description="Echoes.", version="1.0.0",
                        capabilities=pb.AgentCapabilities(streaming=True),
                        default_input_modes=["text/plain"], default_output_modes=["text/plain"])
    card.supported_interfaces.extend([
        pb.AgentInterface(url="http://peer/a2a", protocol_binding="JSONRPC", protocol_version="1.0"),
        pb.AgentInterface(url="http://peer/a2a", protocol_binding="JSONRPC", protocol_version="0.3"),
    ])
    card.skills.add(id="echo", name="Echo", description="Echoes.", tags=["test"])
    return card


class Normalizer:
    """Replaces random UUIDs and clock times by fixed values, the same value for the same input."""

    UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
    TIME = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)")

    def __init__(self):
        self.ids = {}
        self.times = {}

    def __call__(self, text: str) -> str:
        def uuid(m):
            return self.ids.setdefault(m.group(0), f"00000000-0000-4000-8000-{len(self.ids) + 1:012d}")

        def time(m):
            return self.times.setdefault(m.group(0), f"2026-03-01T12:00:{len(self.times):02d}Z")

        return self.TIME.sub(time, self.UUID.sub(uuid, text))


class Recorder(httpx.AsyncBaseTransport):
    """Sends requests to the app and records each exchange (request headers and body, response)."""

    HEADERS = ("a2a-version", "content-type", "accept", "a2a-extensions", "x-a2a-extensions")

    def __init__(self, app, normalize: Normalizer):
        self.inner = httpx.ASGITransport(app=app)
        self.normalize = normalize
        self.exchanges = []

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        response = await self.inner.handle_async_request(request)
        body = await response.aread()
        self.exchanges.append({
            "request": {"method": request.method,
                        "headers": {k: v for k, v in request.headers.items() if k in self.HEADERS},
                        **self.body(request.content)},
            "response": {"status": response.status_code, "contentType": response.headers.get("content-type", ""),
                         **self.body(body)},
        })
        return httpx.Response(response.status_code, headers=response.headers, content=body)

    def body(self, content: bytes) -> dict:
        """`body` (parsed JSON) when the content is JSON, else `raw` (the text verbatim, e.g. an SSE stream)."""
        text = self.normalize(content.decode())
        try:
            return {"body": json.loads(text)}
        except json.JSONDecodeError:
            return {"raw": text}


async def record_exchanges() -> None:
    handler = DefaultRequestHandler(agent_executor=Executor(), task_store=InMemoryTaskStore(),
                                    agent_card=served_card())
    app = Starlette(routes=create_agent_card_routes(served_card())
                    + create_jsonrpc_routes(handler, "/a2a", enable_v0_3_compat=True))
    normalize = Normalizer()
    recorder = Recorder(app, normalize)
    # The headers ClientFactory puts on its httpx client.
    async with httpx.AsyncClient(transport=recorder, base_url="http://peer",
                                 headers={VERSION_HEADER: PROTOCOL_VERSION_CURRENT}) as hc:
        card_response = await hc.get("/.well-known/agent-card.json")
        write("exchanges/agent-card-get.json", {"status": card_response.status_code,
                                                "body": card_response.json()})
        recorder.exchanges.clear()
        v1 = JsonRpcTransport(hc, served_card(), "http://peer/a2a")

        def one(text, message_id, config=None):
            return pb.SendMessageRequest(message=pb.Message(message_id=message_id, role=pb.ROLE_USER,
                                                            parts=[pb.Part(text=text)]), configuration=config)

        named = []

        async def run(name, coro):
            before = len(recorder.exchanges)
            result = None
            try:
                result = await coro
            except Exception:  # the errors are what some of these record
                pass
            for i, exchange in enumerate(recorder.exchanges[before:]):
                named.append((name if i == 0 else f"{name}-{i}", exchange))
            return result

        async def stream(gen):
            return [e async for e in gen]

        sent = await run("v1-send-message-task", v1.send_message(one("order A-1", "m-1")))
        task_id = sent.task.id
        await run("v1-send-message-message", v1.send_message(one("hello", "m-2")))
        await run("v1-send-streaming-message", stream(v1.send_message_streaming(one("stream me", "m-3"))))
        await run("v1-get-task", v1.get_task(pb.GetTaskRequest(id=task_id, history_length=1)))
        await run("v1-list-tasks", v1.list_tasks(pb.ListTasksRequest(page_size=2)))
        await run("v1-cancel-task-not-cancelable", v1.cancel_task(pb.CancelTaskRequest(id=task_id)))
        await run("v1-get-task-not-found", v1.get_task(pb.GetTaskRequest(id="no-such-task")))
        await run("v1-subscribe-terminal", stream(v1.subscribe(pb.SubscribeToTaskRequest(id=task_id))))

        v03 = CompatJsonRpcTransport(hc, served_card(), "http://peer/a2a")
        await run("v03-message-send", v03.send_message(one("order B-2", "m-4")))
        await run("v03-message-send-message", v03.send_message(one("hello", "m-5")))
        await run("v03-message-stream", stream(v03.send_message_streaming(one("stream me too", "m-6"))))
        await run("v03-tasks-get", v03.get_task(pb.GetTaskRequest(id=task_id, history_length=1)))
        await run("v03-tasks-get-not-found", v03.get_task(pb.GetTaskRequest(id="no-such-task")))
        await run("v03-tasks-cancel", v03.cancel_task(pb.CancelTaskRequest(id=task_id)))

        # Raw bodies a client might send, and what the server answers.
        raw = [
            ("error-parse", {}, b'{"jsonrpc": "2.0", "method": '),
            ("error-batch", {}, b'[{"jsonrpc": "2.0", "id": 1, "method": "GetTask", "params": {"id": "x"}}]'),
            ("error-not-object", {}, b'"hello"'),
            ("error-jsonrpc-version", {}, b'{"jsonrpc": "1.0", "id": 1, "method": "GetTask", "params": {}}'),
            ("error-no-method", {}, b'{"jsonrpc": "2.0", "id": 1}'),
            ("error-method-not-found", {}, b'{"jsonrpc": "2.0", "id": 1, "method": "NoSuchMethod", "params": {}}'),
            ("error-params-wrong-type", {},
             b'{"jsonrpc": "2.0", "id": 1, "method": "GetTask", "params": {"id": 5, "historyLength": "many"}}'),
            ("error-params-array", {}, b'{"jsonrpc": "2.0", "id": 1, "method": "GetTask", "params": ["x"]}'),
            ("error-required-fields", {},
             b'{"jsonrpc": "2.0", "id": "r-1", "method": "SendMessage", "params": {"message": {"role": "ROLE_USER"}}}'),
            ("error-version-missing", {VERSION_HEADER: ""},
             b'{"jsonrpc": "2.0", "id": 2, "method": "GetTask", "params": {"id": "x"}}'),
            ("error-version-unsupported", {VERSION_HEADER: "2.0"},
             b'{"jsonrpc": "2.0", "id": 3, "method": "GetTask", "params": {"id": "x"}}'),
            ("v03-error-version-1", {VERSION_HEADER: "1.0"},
             b'{"jsonrpc": "2.0", "id": 4, "method": "tasks/get", "params": {"id": "x"}}'),
            ("v03-error-invalid-params", {VERSION_HEADER: ""},
             b'{"jsonrpc": "2.0", "id": 5, "method": "tasks/get", "params": {"nope": 1}}'),
            ("v1-snake-case-params", {},
             b'{"jsonrpc": "2.0", "id": 6, "method": "GetTask", "params": {"id": "no-such-task", "history_length": 1}}'),
        ]
        for name, headers, body in raw:
            await run(name, hc.post("/a2a", content=body, headers={"content-type": "application/json", **headers}))

    for name, exchange in named:
        write(f"exchanges/{name}.json", exchange)


def main() -> None:
    if not importlib.metadata.version("a2a-sdk").startswith("1."):
        sys.exit("a2a-sdk 1.x is needed")
    write_v1_values()
    write_v1_errors()
    write_v03_values()
    asyncio.run(record_exchanges())
    write("README.md", f"""# A2A golden fixtures

Written by `scripts/gen-a2a-fixtures.py` with a2a-sdk {importlib.metadata.version('a2a-sdk')} and protobuf
{importlib.metadata.version('protobuf')}; do not edit by hand: change the script and run it again with
`.venv-peers/bin/python scripts/gen-a2a-fixtures.py`.

- `v1/`: protocol 1.0 values, `json_format.MessageToDict` of a2a-sdk's protobuf messages (proto3 JSON).
  `agent-card-served.json` is what a2a-sdk serves at `/.well-known/agent-card.json` (1.0 card with the 0.3
  fields merged in for old clients).
- `v0_3/`: the same values through a2a-sdk's 0.3 compatibility converters; `conversions.json` pairs them.
- `exchanges/`: real JSON-RPC round trips between a2a-sdk's client transports (1.0 `JsonRpcTransport`, 0.3
  `CompatJsonRpcTransport`) and its Starlette server, in process: request headers and body, response status,
  content type and body (an SSE stream verbatim). Random ids and times are replaced by fixed ones.
""")


if __name__ == "__main__":
    main()
