"""A Python agent that only changes its base URL: every chat completion goes through the capture
gateway, which answers with the upstream model's reply and records the call as a step.

    ORBITER_URL=http://localhost:8081 ORBITER_API_KEY=... python3 gateway_agent.py [task-id]

With the OpenAI SDK the same is OpenAI(base_url=f"{ORBITER_URL}/v1/gateway/{task}/{agent}",
api_key=ORBITER_API_KEY); this example uses the standard library so it runs anywhere.
"""
import json
import os
import sys
import time
import urllib.request

URL = os.environ.get("ORBITER_URL", "http://localhost:8081")
KEY = os.environ.get("ORBITER_API_KEY", "unused")
TASK = sys.argv[1] if len(sys.argv) > 1 else f"py-gw-{int(time.time())}"
BASE = f"{URL}/v1/gateway/{TASK}/py-gateway-agent"


def chat(messages):
    body = json.dumps({"model": "tiny", "messages": messages}).encode()
    request = urllib.request.Request(BASE + "/chat/completions", data=body, method="POST",
                                     headers={"Content-Type": "application/json", "Authorization": f"Bearer {KEY}"})
    with urllib.request.urlopen(request, timeout=60) as answer:
        return json.load(answer)


history = [{"role": "user", "content": "What is 2+2?"}]
first = chat(history)
history.append(first["choices"][0]["message"])
history.append({"role": "user", "content": "And doubled?"})
second = chat(history)
print(json.dumps({"task": TASK, "calls": 2, "answer": second["choices"][0]["message"]["content"]}))
