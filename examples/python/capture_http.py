"""A Python agent capturing its steps over HTTP with the standard library only (no SDK, no PyPI).

    ORBITER_URL=http://localhost:8081 ORBITER_API_KEY=... python3 capture_http.py [task-id]

POST /v1/steps takes one step or a batch (fields as TrajectoryItem.to_map()); the answer is 202 once
Kafka acknowledged every record, with their offsets. POST /v1/rewards adds a late reward.
"""
import json
import os
import sys
import time
import urllib.request

URL = os.environ.get("ORBITER_URL", "http://localhost:8081")
KEY = os.environ.get("ORBITER_API_KEY")
TASK = sys.argv[1] if len(sys.argv) > 1 else f"py-task-{int(time.time())}"


def post(path, body):
    headers = {"Content-Type": "application/json"}
    if KEY:
        headers["X-API-Key"] = KEY
    request = urllib.request.Request(URL + path, data=json.dumps(body).encode(), headers=headers, method="POST")
    with urllib.request.urlopen(request, timeout=30) as answer:
        return json.load(answer)


steps = post("/v1/steps", [
    {"id": f"{TASK}-0", "task_id": TASK, "agent_id": "py-agent", "step": 0, "input": "What is 6*7?",
     "output": "", "tool_calls": [{"id": "call_1", "type": "function",
                                   "function": {"name": "calc", "arguments": "{\"expression\": \"6*7\"}"}}],
     "messages": [{"role": "user", "content": "What is 6*7?"}]},
    {"id": f"{TASK}-1", "task_id": TASK, "agent_id": "py-agent", "step": 1, "input": "What is 6*7?",
     "output": "42", "status": "success", "metadata": {"model": "py-demo", "usage": {"output_tokens": 2}}},
])
reward = post("/v1/rewards", {"step_id": f"{TASK}-1", "task_id": TASK, "value": 1.0, "source": "grader"})
print(json.dumps({"task": TASK, "steps": steps["accepted"], "rewards": reward["accepted"]}))
